using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Settlement;

/// <summary>
/// Plans the settlement of one window: reconciles trades with metered energy, works out obligations (and adjustments of
/// settled ones), nets them, routes the net payments to chains and assets, and packs them into batches. Pure and
/// deterministic — the same request gives the same plan, whatever the order of its lists — so a journal can replay it;
/// nothing is signed or sent here.
/// </summary>
/// <remarks>
/// <para>See <c>docs/reconciliation.md</c> for every rule with worked examples. Bad input throws
/// <see cref="SettlementPlanningException"/> with a <see cref="SettlementPlanningError"/> and plans nothing.</para>
/// <para>Thread-safe: the planner holds only its validated options; each call works on its own data.</para>
/// </remarks>
public sealed class SettlementPlanner
{
    private readonly SettlementPlanningOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a planner.</summary>
    /// <param name="options">The rules; copied, so later changes to the instance have no effect.</param>
    /// <param name="logger">Receives a line per plan, and warnings for held trades; optional.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public SettlementPlanner(SettlementPlanningOptions options, ILogger<SettlementPlanner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("Invalid settlement planning options: " + string.Join(" ", errors), nameof(options));
        }

        _options = Copy(options);
        _logger = logger ?? NullLogger<SettlementPlanner>.Instance;
    }

    /// <summary>Plans a window.</summary>
    /// <param name="request">Everything the plan depends on.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="SettlementPlanningException">The request breaks an input rule; nothing was planned.</exception>
    public SettlementPlan Plan(SettlementPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return PlanCore(request);
        }
        catch (SettlementPlanningException e)
        {
            Log.PlanRejected(_logger, request.Window?.Id ?? default, e.Reason, e.Message);
            throw;
        }
    }

    /// <summary>Fetches, for every asset a participant uses other than the market's quote asset, the rate at the request's
    /// <c>AsOf</c> (unless the request already has one), then plans the window.</summary>
    /// <param name="request">Everything the plan depends on except, possibly, the exchange rates.</param>
    /// <param name="rates">Where rates come from.</param>
    /// <param name="cancellationToken">Cancels fetching rates.</param>
    /// <returns>The plan; its legs record the rates used.</returns>
    /// <exception cref="SettlementPlanningException">The request breaks an input rule; nothing was planned.</exception>
    /// <exception cref="EnergySettlementException">The provider could not supply a rate.</exception>
    public async Task<SettlementPlan> PlanAsync(SettlementPlanRequest request, IExchangeRateProvider rates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(request.Market);
        ArgumentNullException.ThrowIfNull(request.Participants);
        var quote = request.Market.QuoteAsset;
        var known = new HashSet<Asset>(request.ExchangeRates.Select(r => r.To.Asset));
        var needed = request.Participants
            .SelectMany(p => p.Accounts)
            .Select(a => a.Asset)
            .Where(a => a != quote && !known.Contains(a))
            .Distinct()
            .OrderBy(a => a.Id.ToString(), StringComparer.Ordinal)
            .ToList();
        var fetched = new List<ExchangeRate>(request.ExchangeRates);
        foreach (var asset in needed)
        {
            fetched.Add(await rates.GetRateAsync(quote, asset, request.AsOf, cancellationToken).ConfigureAwait(false));
        }

        return Plan(request with { ExchangeRates = fetched });
    }

    private static SettlementPlanningOptions Copy(SettlementPlanningOptions options)
    {
        var copy = new SettlementPlanningOptions
        {
            Netting = options.Netting,
            ClearingAgent = options.ClearingAgent,
            MissingReadings = options.MissingReadings,
            ObligationRounding = options.ObligationRounding,
            ConversionRounding = options.ConversionRounding,
            PayoutReferences = options.PayoutReferences,
            MaxExchangeRateAge = options.MaxExchangeRateAge,
        };
        foreach (var (market, prices) in options.ImbalancePrices)
        {
            copy.ImbalancePrices.Add(market, prices);
        }

        foreach (var minimum in options.MinimumPayouts)
        {
            copy.MinimumPayouts.Add(minimum);
        }

        return copy;
    }

    private SettlementPlan PlanCore(SettlementPlanRequest request)
    {
        var input = new PlanningInput(request, _options);

        // Reconcile and work out obligations period by period, in time order.
        var imbalances = new List<ImbalancePosition>();
        var held = new List<HeldTrade>();
        var readings = new List<ParticipantReading>();
        var obligations = new List<Obligation>(input.Trades.Length);
        var parties = new List<(int Payer, int Payee)>(input.Trades.Length);
        var reconciler = new Reconciler(input, _options.MissingReadings);
        var obligationPlanner = new ObligationPlanner(input, _options.ObligationRounding, obligations, parties);
        for (var period = 0; period < input.Periods.Length; period++)
        {
            obligationPlanner.Plan(reconciler.Reconcile(period, imbalances, held, readings));
        }

        // Ids of the rest (fees, imbalances, adjustments; the trades' were hashed as they were made), eight at a time:
        // routing names the obligations each leg covers, and a journal stores them all.
        ContentIds.ComputeMissing(obligations);

        // Net, route, batch.
        (int, int) CarriedParties(CarriedAmount c) => (input.IndexOf(c.Payer), input.IndexOf(c.Payee));
        var netting = _options.Netting == NettingMode.Cleared
            ? Netter.Cleared(input.Participants.Length, input.Agent, parties, obligations, input.Carried, CarriedParties)
            : Netter.Bilateral(input.Participants.Length, parties, obligations, input.Carried, CarriedParties);
        var legs = new RoutedLegs(netting.Payments.Count);
        var carriedForward = new List<CarriedAmount>();
        var ratesUsed = new SortedDictionary<string, ExchangeRate>(StringComparer.Ordinal);
        var router = new Router(input, _options);
        router.Route(netting, obligations, legs, carriedForward, ratesUsed);
        var batches = Batcher.Batch(input.WindowId, legs, router.Groups, request.Chains, _options.PayoutReferences);

        var plan = new SettlementPlan
        {
            Window = input.Window,
            QuoteAsset = input.Quote,
            Deliveries = reconciler.Deliveries(),
            Imbalances = imbalances,
            Readings = readings,
            Obligations = obligations,
            HeldTrades = held,
            Legs = legs.Legs,
            Batches = batches,
            CarriedForward = carriedForward,
            ConsumedCarriedAmounts = input.Carried.Select(c => c.Id).ToArray(),
            ExchangeRates = ratesUsed.Values.ToArray(),
        };
        LogPlan(plan);
        return plan;
    }

    private void LogPlan(SettlementPlan plan)
    {
        if (plan.HeldTrades.Count > 0 && _logger.IsEnabled(LogLevel.Warning))
        {
            var waiting = plan.HeldTrades.SelectMany(h => h.WaitingFor).Distinct().Count();
            Log.TradesHeld(_logger, plan.WindowId, plan.HeldTrades.Count, waiting);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var provisional = plan.Obligations.Count(o => o.IsProvisional);
            if (provisional > 0)
            {
                Log.ProvisionalObligations(_logger, plan.WindowId, provisional);
            }

            Log.WindowPlanned(_logger, plan.WindowId, plan.Obligations.Count, plan.Legs.Count, plan.Batches.Count, plan.CarriedForward.Count, plan.ConsumedCarriedAmounts.Count);
        }
    }
}
