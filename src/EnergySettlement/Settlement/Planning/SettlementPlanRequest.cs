using EnergySettlement.Chains;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// Everything one plan depends on, gathered before planning so the planner is pure: the same request always gives the
/// same <see cref="SettlementPlan"/>, whatever the order of its lists, and a journal can replay it.
/// </summary>
/// <remarks>
/// <para>Besides the window's own periods, a request may reopen earlier periods of the same market
/// (<see cref="ReopenedPeriods"/>): those with held trades whose readings have arrived, and those with late or corrected
/// readings. For every period given, pass all its trades, the readings known for it (every revision, or just the
/// latest), and every obligation already settled for it: the plan settles only the difference, as new obligations or
/// adjustments, and never rewrites settled history.</para>
/// <para>Immutable once built; thread-safe for reads.</para>
/// </remarks>
public sealed record SettlementPlanRequest
{
    /// <summary>Gets the window to settle.</summary>
    public required SettlementWindow Window { get; init; }

    /// <summary>Gets the window's market.</summary>
    public required MarketDefinition Market { get; init; }

    /// <summary>Gets the instant the plan is made at: every period of the window must have ended by then, and exchange
    /// rates must have been observed at or before it.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the trades of the window's periods and of the reopened periods.</summary>
    public required IReadOnlyList<Trade> Trades { get; init; }

    /// <summary>Gets the participants' readings for the window's periods and the reopened periods; the highest revision
    /// per participant and period counts.</summary>
    public required IReadOnlyList<ParticipantReading> Readings { get; init; }

    /// <summary>Gets every participant that may pay or be paid — every trade party, the grid operator, the clearing agent —
    /// with their accounts.</summary>
    public required IReadOnlyList<SettlementParticipant> Participants { get; init; }

    /// <summary>Gets the capabilities of every chain that has a registered provider (see <see cref="FromRegistry"/>).</summary>
    public required IReadOnlyDictionary<ChainId, ChainCapabilities> Chains { get; init; }

    /// <summary>Gets earlier periods of the market, before the window, whose settlement this plan completes or corrects.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<DeliveryPeriod> ReopenedPeriods { get; init; } = [];

    /// <summary>Gets the obligations already settled for the window's periods and the reopened periods.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<Obligation> SettledObligations { get; init; } = [];

    /// <summary>Gets the open amounts carried forward from earlier windows of the market; this plan consumes all of them.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<CarriedAmount> CarriedAmounts { get; init; } = [];

    /// <summary>Gets exchange rates from the market's quote asset to the other assets participants are paid in.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<ExchangeRate> ExchangeRates { get; init; } = [];

    /// <summary>Reads every registered chain's capabilities from a registry.</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The capabilities by chain, for <see cref="Chains"/>.</returns>
    public static IReadOnlyDictionary<ChainId, ChainCapabilities> FromRegistry(ChainProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var chains = new Dictionary<ChainId, ChainCapabilities>();
        foreach (var chain in registry.Chains)
        {
            chains.Add(chain, registry.GetProvider(chain).Capabilities);
        }

        return chains;
    }
}
