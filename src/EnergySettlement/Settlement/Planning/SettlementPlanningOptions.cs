using System.Globalization;

namespace EnergySettlement.Settlement;

/// <summary>How the <see cref="SettlementPlanner"/> turns trades and readings into payments. Validated when the planner is
/// created, reporting every problem at once.</summary>
public sealed class SettlementPlanningOptions
{
    /// <summary>Gets or sets how obligations are netted.</summary>
    /// <value>The default is <see cref="NettingMode.Bilateral"/>.</value>
    public NettingMode Netting { get; set; } = NettingMode.Bilateral;

    /// <summary>Gets or sets the clearing agent: the counterparty of every leg under <see cref="NettingMode.Cleared"/>
    /// (required there), and the fallback route for a pair without a common chain under <see cref="NettingMode.Bilateral"/>.</summary>
    /// <value>The default is <see langword="null"/>: no agent.</value>
    public ParticipantId? ClearingAgent { get; set; }

    /// <summary>Gets or sets what happens to a trade whose buyer's or seller's reading is missing.</summary>
    /// <value>The default is <see cref="MissingReadingPolicy.Hold"/>.</value>
    public MissingReadingPolicy MissingReadings { get; set; } = MissingReadingPolicy.Hold;

    /// <summary>Gets or sets how every obligation amount (price × energy / 1000) is rounded to the smallest unit.</summary>
    /// <value>The default is <see cref="RoundingMode.HalfToEven"/>.</value>
    public RoundingMode ObligationRounding { get; set; } = RoundingMode.HalfToEven;

    /// <summary>Gets or sets how a converted leg amount is rounded to the smallest unit of the asset paid.</summary>
    /// <value>The default is <see cref="RoundingMode.HalfToEven"/>.</value>
    public RoundingMode ConversionRounding { get; set; } = RoundingMode.HalfToEven;

    /// <summary>Gets the imbalance prices per market. A market without an entry settles no imbalance (positions are
    /// still reported in <see cref="SettlementPlan.Imbalances"/>); a market with one needs a grid operator.</summary>
    /// <value>The default is empty.</value>
    public IDictionary<MarketId, ImbalancePrices> ImbalancePrices { get; } = new Dictionary<MarketId, ImbalancePrices>();

    /// <summary>Gets the smallest payout per asset (at most one entry per asset; for example a chain's dust threshold,
    /// 546 duffs on Dash). A leg that would pay less is carried forward to the next window instead.</summary>
    /// <value>The default is empty: any positive amount is paid.</value>
    public IList<Money> MinimumPayouts { get; } = [];

    /// <summary>Gets or sets what each payout carries on chain as its reference.</summary>
    /// <value>The default is <see cref="Settlement.PayoutReferences.None"/>.</value>
    public PayoutReferences PayoutReferences { get; set; } = PayoutReferences.None;

    /// <summary>Gets or sets how long before the request's <c>AsOf</c> an exchange rate may have been observed.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan MaxExchangeRateAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Checks the options and returns every problem found (empty when valid).</summary>
    /// <returns>The problems, each naming the property.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Netting))
        {
            errors.Add($"Netting {Netting} is not a netting mode.");
        }

        if (Netting == NettingMode.Cleared && ClearingAgent is null)
        {
            errors.Add("ClearingAgent must be set when Netting is Cleared.");
        }

        if (ClearingAgent is { } agent && agent == default)
        {
            errors.Add("ClearingAgent must name a participant.");
        }

        if (!Enum.IsDefined(MissingReadings))
        {
            errors.Add($"MissingReadings {MissingReadings} is not a policy.");
        }

        if (!Enum.IsDefined(ObligationRounding))
        {
            errors.Add($"ObligationRounding {ObligationRounding} is not a rounding mode.");
        }

        if (!Enum.IsDefined(ConversionRounding))
        {
            errors.Add($"ConversionRounding {ConversionRounding} is not a rounding mode.");
        }

        if (!Enum.IsDefined(PayoutReferences))
        {
            errors.Add($"PayoutReferences {PayoutReferences} is not a reference mode.");
        }

        foreach (var (market, prices) in ImbalancePrices)
        {
            if (prices is null || prices.ShortfallPrice == default || prices.SurplusPrice == default)
            {
                errors.Add($"ImbalancePrices[{market}] must set both prices.");
            }
            else if (prices.ShortfallPrice.Asset != prices.SurplusPrice.Asset)
            {
                errors.Add($"ImbalancePrices[{market}]: both prices must be in one asset; found {prices.ShortfallPrice} and {prices.SurplusPrice}.");
            }
        }

        var assets = new HashSet<Asset>();
        for (var i = 0; i < MinimumPayouts.Count; i++)
        {
            var minimum = MinimumPayouts[i];
            if (minimum == default || minimum.IsNegative)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"MinimumPayouts[{i}] must be a non-negative amount; found {minimum}."));
            }
            else if (!assets.Add(minimum.Asset))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"MinimumPayouts[{i}]: {minimum.Asset.Symbol} has more than one minimum."));
            }
        }

        if (MaxExchangeRateAge < TimeSpan.Zero)
        {
            errors.Add($"MaxExchangeRateAge {MaxExchangeRateAge} must not be negative.");
        }

        return errors;
    }
}
