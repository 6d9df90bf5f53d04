using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Cli.Demo;

/// <summary>
/// Builds the report from what the SDK produced (plans, journaled batches) and what the chain shows (balances), and
/// checks the run: every obligation in exactly one leg, every batch final, every account's balance changed by exactly
/// its legs, and paid equals received. No payment is computed here.
/// </summary>
internal static class DemoReportBuilder
{
    public static DemoReport Build(
        DemoOptions options,
        IDemoChain chain,
        MarketDefinition market,
        SettlementPlanningOptions planning,
        RunState state,
        IReadOnlyDictionary<string, SettlementAccount> accounts,
        IReadOnlyDictionary<string, Money> before,
        IReadOnlyDictionary<string, Money> after,
        string journalPath)
    {
        var asset = market.QuoteAsset;
        var zero = Money.Zero(asset);
        var grid = market.Grid ?? throw new InvalidOperationException("The demo's market declares a grid.");
        var prices = planning.ImbalancePrices[market.Id];
        var periodCount = options.Periods;
        var obligations = state.Plans.SelectMany(p => p.Obligations).ToList();
        var deliveries = state.Plans.SelectMany(p => p.Deliveries).ToList();
        var imbalances = state.Plans.SelectMany(p => p.Imbalances).ToList();
        var trades = Enumerable.Range(0, periodCount).SelectMany(i => state.Sink.TradesOf(PeriodAt(i))).ToList();

        // Homes: energy, peer trading, and the bill with and without it.
        var homes = new List<HomeReport>();
        foreach (var home in state.Homes)
        {
            var id = home.Participant;
            var billWith = zero;
            var fees = zero;
            foreach (var o in obligations)
            {
                billWith += o.Payer == id ? o.Amount : o.Payee == id ? -o.Amount : zero;
                fees += o.Payer == id && o.Reason == ObligationReason.NetworkFee ? o.Amount : zero;
            }

            // Without peer trading every Wh imported is bought from the grid and every Wh exported sold to it, at the
            // same prices the market's imbalances use, rounded per period as they are.
            var billWithout = zero;
            for (var p = 0; p < periodCount; p++)
            {
                billWithout += prices.ShortfallPrice.CostOf(new Energy(home.Profile.Imported[p]), RoundingMode.HalfToEven)
                    - prices.SurplusPrice.CostOf(new Energy(home.Profile.Exported[p]), RoundingMode.HalfToEven);
            }

            homes.Add(new HomeReport(
                id.Value,
                home.Kind.ToString(),
                home.Zone.Value,
                home.SolarWattsPeak,
                home.BatteryWattHours,
                accounts[id.Value].ToString(),
                home.Profile.Load.Sum(),
                home.Profile.Solar.Sum(),
                home.Profile.Imported.Sum(),
                home.Profile.Exported.Sum(),
                deliveries.Where(d => d.Trade.Buyer == id).Sum(d => d.Delivered.WattHours),
                deliveries.Where(d => d.Trade.Seller == id).Sum(d => d.Delivered.WattHours),
                DemoFormat.Amount(billWith),
                DemoFormat.Amount(billWithout),
                DemoFormat.Amount(billWithout - billWith),
                DemoFormat.Amount(fees),
                DemoFormat.Amount(after[id.Value] - before[id.Value])));
        }

        // Periods: load, solar, peer trades and their average price, grid energy.
        var periods = new List<PeriodReport>();
        for (var p = 0; p < periodCount; p++)
        {
            var period = PeriodAt(p);
            var periodTrades = trades.Where(t => t.Period == period).ToList();
            var imbalance = imbalances.Where(i => i.Period == period).ToList();
            periods.Add(new PeriodReport(
                period.Start,
                state.Homes.Sum(h => h.Profile.Load[p]),
                state.Homes.Sum(h => h.Profile.Solar[p]),
                periodTrades.Sum(t => t.Quantity.WattHours),
                periodTrades.Count,
                AveragePrice(periodTrades, asset),
                imbalance.Sum(i => i.Shortfall.WattHours),
                imbalance.Sum(i => i.Surplus.WattHours),
                [.. periodTrades.Where(t => t.SellerZone != t.BuyerZone)
                    .GroupBy(t => (From: ZoneName(t.SellerZone), To: ZoneName(t.BuyerZone)))
                    .OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal)
                    .Select(g => new ZoneTransferReport(g.Key.From, g.Key.To, g.Sum(t => t.Quantity.WattHours)))]));
        }

        var energy = new EnergyReport(
            periods.Sum(p => p.Load),
            periods.Sum(p => p.Solar),
            homes.Sum(h => h.Imported),
            homes.Sum(h => h.Exported),
            deliveries.Sum(d => d.Delivered.WattHours),
            trades.Where(t => t.SellerZone == t.BuyerZone).Sum(t => t.Quantity.WattHours),
            trades.Where(t => t.SellerZone != t.BuyerZone).Sum(t => t.Quantity.WattHours),
            imbalances.Sum(i => i.Shortfall.WattHours),
            imbalances.Sum(i => i.Surplus.WattHours),
            state.Sink.ExpiredWattHours,
            AveragePrice(trades, asset),
            trades.Count == 0 ? null : DemoFormat.PerKwh(trades.Min(t => t.Price)),
            trades.Count == 0 ? null : DemoFormat.PerKwh(trades.Max(t => t.Price)));

        var settlement = Settlement(state, obligations, imbalances, accounts, before, after, asset, options.JournalPath is null ? null : journalPath);
        return new DemoReport
        {
            Scenario = options.Scenario == DemoScenario.TwoHomes ? "two-homes" : "neighbourhood",
            Seed = options.Seed,
            Chain = chain.Name,
            ChainId = accounts.Values.First().ChainId.ToString(),
            Asset = asset.Symbol,
            AssetId = asset.Id.ToString(),
            Start = DemoRun.DayStart,
            PeriodMinutes = (int)market.PeriodLength.TotalMinutes,
            PeriodCount = periodCount,
            Market = new MarketReport(
                market.Id.Value,
                market.Schedule.ToString(),
                DemoFormat.Amount(market.TickSize),
                DemoFormat.PerKwh(market.MinPrice),
                DemoFormat.PerKwh(market.MaxPrice),
                DemoFormat.PerKwh(prices.ShortfallPrice),
                DemoFormat.PerKwh(prices.SurplusPrice),
                market.GridOperator?.Value ?? string.Empty,
                [.. grid.Zones.Select(z => z.Value)],
                [.. grid.NetworkFees.Select(f => new ZoneFeeReport(f.From.Value, f.To.Value, DemoFormat.PerKwh(f.PerKilowattHour)))],
                [.. grid.TransferLimits.Select(l => new ZoneLimitReport(l.From.Value, l.To.Value, l.PerPeriod.WattHours))]),
            Energy = energy,
            Homes = homes,
            Periods = periods,
            ZonePairs = ZonePairs(grid, trades, deliveries, periods, asset),
            Meters = new MeterReport(state.ReadingsAccepted, state.MeterRejections.Count, [.. state.MeterRejections]),
            Settlement = settlement,
        };
    }

    private static SettlementReport Settlement(
        RunState state,
        List<Obligation> obligations,
        List<ImbalancePosition> imbalances,
        IReadOnlyDictionary<string, SettlementAccount> accounts,
        IReadOnlyDictionary<string, Money> before,
        IReadOnlyDictionary<string, Money> after,
        Asset asset,
        string? journalPath)
    {
        var zero = Money.Zero(asset);
        var problems = new List<string>(state.Problems);
        problems.AddRange(state.RejectedOrders.Select(r => "order rejected: " + r));

        // Every obligation in exactly one leg — or, when a pair's obligations cancel out, in none and the pair pays nothing.
        var legs = state.Plans.SelectMany(p => p.Batches).SelectMany(b => b.Legs).ToList();
        var legCount = new Dictionary<ObligationId, int>();
        foreach (var obligationId in legs.SelectMany(l => l.Obligations))
        {
            legCount[obligationId] = legCount.GetValueOrDefault(obligationId) + 1;
        }

        var pairsPaid = legs.Select(l => Pair(l.Payer, l.Payee)).ToHashSet();
        var settledOnce = true;
        foreach (var o in obligations)
        {
            var count = legCount.GetValueOrDefault(o.Id);
            if (count > 1 || (count == 0 && pairsPaid.Contains(Pair(o.Payer, o.Payee))))
            {
                settledOnce = false;
                problems.Add($"obligation {o.Id} is in {count} legs");
            }
        }

        var carried = state.Plans.Sum(p => p.CarriedForward.Count);
        if (carried > 0)
        {
            problems.Add($"{carried} amounts were carried forward (too small to pay) and are not on the chain yet");
        }

        // Each batch final, paid by one transaction.
        var final = state.Batches.Count(b => b.State == BatchState.Final);
        settledOnce &= final == state.Batches.Count && state.Batches.Count == state.Plans.Sum(p => p.Batches.Count);
        var expected = accounts.Values.ToDictionary(a => a, _ => zero);
        foreach (var leg in legs)
        {
            expected[leg.From] -= leg.Amount;
            expected[leg.To] += leg.Amount;
        }

        var balancesMatch = true;
        Money paid = zero, received = zero;
        foreach (var (name, account) in accounts)
        {
            var change = after[name] - before[name];
            if (change != expected[account])
            {
                balancesMatch = false;
                problems.Add($"{name}: balance changed by {change}, its legs say {expected[account]}");
            }

            paid += change.Amount < 0 ? -change : zero;
            received += change.Amount > 0 ? change : zero;
        }

        var seconds = state.Batches
            .Where(b => b.FinalAt is not null && b.Transitions.FirstOrDefault(t => t.Kind == BatchTransitionKind.Submitted) is not null)
            .Select(b => (b.FinalAt!.Value - b.Transitions.First(t => t.Kind == BatchTransitionKind.Submitted).At).TotalSeconds)
            .ToList();
        return new SettlementReport
        {
            Journal = journalPath,
            Windows = state.Plans.Count,
            Obligations = obligations.Count,
            ObligationsByReason = obligations.GroupBy(o => o.Reason).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key.ToString(), g => DemoFormat.Amount(g.Aggregate(zero, (s, o) => s + o.Amount))),
            NetworkFees = DemoFormat.Amount(obligations.Where(o => o.Reason == ObligationReason.NetworkFee).Aggregate(zero, (s, o) => s + o.Amount)),
            ImbalanceShortfall = imbalances.Sum(i => i.Shortfall.WattHours),
            ImbalanceSurplus = imbalances.Sum(i => i.Surplus.WattHours),
            Legs = legs.Count,
            Batches = state.Batches.Count,
            FinalBatches = final,
            Transactions = state.Batches.Sum(b => b.Transactions.Count),
            TotalPaid = DemoFormat.Amount(paid),
            TotalReceived = DemoFormat.Amount(received),
            MinSecondsToFinality = seconds.Count == 0 ? null : seconds.Min(),
            AverageSecondsToFinality = seconds.Count == 0 ? null : Math.Round(seconds.Average(), 1),
            MaxSecondsToFinality = seconds.Count == 0 ? null : seconds.Max(),
            EveryObligationSettledOnce = settledOnce,
            BalancesMatchLegs = balancesMatch,
            PaidEqualsReceived = paid == received,
            Problems = problems,
        };
    }

    /// <summary>
    /// Each ordered pair of zones: the trades from the seller's zone to the buyer's, the energy traded and delivered, the
    /// network fees on the delivered energy (the fee per kWh times the Wh, rounded half to even once per pair; exact for
    /// assets with 6 or more decimals, so the pairs add up to the planner's fee obligations), and how close each period
    /// came to the pair's transfer limit.
    /// </summary>
    private static List<ZonePairReport> ZonePairs(MarketGrid grid, List<Trade> trades, List<TradeDelivery> deliveries, List<PeriodReport> periods, Asset asset)
    {
        var pairs = new List<ZonePairReport>();
        foreach (var from in grid.Zones)
        {
            foreach (var to in grid.Zones)
            {
                var pairTrades = trades.Where(t => t.SellerZone == from && t.BuyerZone == to).ToList();
                var pairDeliveries = deliveries.Where(d => d.Trade.SellerZone == from && d.Trade.BuyerZone == to).ToList();
                var fee = grid.NetworkFees.FirstOrDefault(f => f.From == from && f.To == to && from != to).PerKilowattHour;
                var feePerKwh = fee == default ? new Price(Money.Zero(asset)) : fee;
                var feeCost = Int128.Zero;
                foreach (var d in pairDeliveries)
                {
                    feeCost += (d.Trade.NetworkFee?.PerKilowattHour.Amount ?? 0) * d.Delivered.WattHours;
                }

                long? limit = from == to ? null : grid.TransferLimits.Where(l => l.From == from && l.To == to).Select(l => (long?)l.PerPeriod.WattHours).FirstOrDefault();
                var transfers = from == to
                    ? []
                    : periods.Select(p => p.Transfers.Where(x => x.From == from.Value && x.To == to.Value).Sum(x => x.Energy)).ToList();
                pairs.Add(new ZonePairReport(
                    from.Value,
                    to.Value,
                    pairTrades.Count,
                    pairTrades.Sum(t => t.Quantity.WattHours),
                    pairDeliveries.Sum(d => d.Delivered.WattHours),
                    DemoFormat.PerKwh(feePerKwh),
                    DemoFormat.Amount(new Money(feeCost, asset).Divide(1_000, RoundingMode.HalfToEven)),
                    limit,
                    transfers.Count == 0 ? 0 : transfers.Max(),
                    limit is { } l ? transfers.Count(x => x >= l) : 0));
            }
        }

        return pairs;
    }

    private static string ZoneName(ZoneId? zone) => zone?.Value ?? string.Empty;

    /// <summary>The volume-weighted average price of trades, rounded half to even to the asset's smallest unit.</summary>
    private static string? AveragePrice(IReadOnlyCollection<Trade> trades, Asset asset)
    {
        var volume = trades.Sum(t => t.Quantity.WattHours);
        if (volume == 0)
        {
            return null;
        }

        var weighted = Int128.Zero;
        foreach (var trade in trades)
        {
            weighted += trade.Price.PerKilowattHour.Amount * trade.Quantity.WattHours;
        }

        return DemoFormat.Amount(new Money(weighted, asset).Divide(volume, RoundingMode.HalfToEven));
    }

    private static (ParticipantId, ParticipantId) Pair(ParticipantId a, ParticipantId b) =>
        string.CompareOrdinal(a.Value, b.Value) <= 0 ? (a, b) : (b, a);

    private static DeliveryPeriod PeriodAt(int index) =>
        DeliveryPeriod.Create(DemoRun.DayStart + (DeliveryPeriod.DefaultLength * index), DeliveryPeriod.DefaultLength);
}
