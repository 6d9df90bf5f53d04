using System.Globalization;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using Xunit.Abstractions;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>
/// A seeded randomized simulation over many periods: random trades; meters that read what was contracted or not; readings
/// that are missing and arrive late, or arrive and are corrected later; chain faults (outages, submits that time out after
/// the node accepted them, fee spikes), journal write failures and crashes (a new service over the same journal and chain)
/// — and after every period the invariants: every batch final and paid by exactly one transaction; every party's balance
/// moved by exactly its obligations less what is carried forward; no money created; settled obligations never rewritten;
/// a trade is held only while one of its readings is missing. The seed is printed and in every failure (ES_SIM_SEED repeats).
/// </summary>
public sealed class SettlementSimulationTests(ITestOutputHelper output)
{
    private const int Periods = 40;
    private static readonly string[] Traders = ["ann", "bob", "cat", "dan"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ManyPeriodsWithLateAndCorrectedReadingsFaultsAndCrashes_InvariantsHoldAfterEveryPeriod(int run)
    {
        var seed = (Environment.GetEnvironmentVariable("ES_SIM_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next()) + run;
        output.WriteLine($"run {run}, seed {seed} (set ES_SIM_SEED={seed - run} to repeat)");
        try
        {
            await SimulateAsync(new Random(seed));
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}: {failure.Message}\n{failure.StackTrace}");
        }
    }

    private async Task SimulateAsync(Random random)
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        var planning = new SettlementPlanningOptions { MissingReadings = MissingReadingPolicy.Hold };
        planning.ImbalancePrices[s.Market.Id] = new ImbalancePrices(Price.Parse("0.300/kWh", rig.Eurc), Price.Parse("0.050/kWh", rig.Eurc));
        var planner = new SettlementPlanner(planning);
        var service = Start(rig, planner);
        var trades = new Dictionary<int, List<Trade>>();
        var known = new Dictionary<(int Period, string Party), ParticipantReading>();
        var pending = new List<(int Due, int Period, string Party, ParticipantReading Reading)>();
        var settledIds = new Dictionary<int, HashSet<ObligationId>>();
        int crashes = 0, late = 0, corrected = 0, faults = 0;

        for (var period = 0; period < Periods + 4; period++)
        {
            var reopened = new SortedSet<int>();

            // Late readings and corrections that arrive now reopen their periods.
            foreach (var arrival in pending.Where(a => a.Due == period).ToList())
            {
                pending.Remove(arrival);
                known[(arrival.Period, arrival.Party)] = arrival.Reading;
                reopened.Add(arrival.Period);
            }

            var p = WindowScenario.Period(period);
            trades[period] = [];
            if (period < Periods)
            {
                for (var t = random.Next(0, 4); t > 0; t--)
                {
                    var seller = Traders[random.Next(Traders.Length)];
                    var buyer = Traders[(Array.IndexOf(Traders, seller) + random.Next(1, Traders.Length)) % Traders.Length];
                    trades[period].Add(s.Trade(seller, buyer, random.Next(1, 40) * 100, string.Create(CultureInfo.InvariantCulture, $"0.{random.Next(50, 300):D3}"), period));
                }

                foreach (var party in Traders)
                {
                    long bought = trades[period].Where(t => t.Buyer.Value == party).Sum(t => t.Quantity.WattHours);
                    long sold = trades[period].Where(t => t.Seller.Value == party).Sum(t => t.Quantity.WattHours);
                    if (bought == 0 && sold == 0)
                    {
                        continue;
                    }

                    // Meters measure what flowed: usually what was contracted, sometimes more or less.
                    long Measured(long contracted) => random.Next(4) == 0 ? Math.Max(0, contracted + (random.Next(-10, 11) * 50)) : contracted;
                    var reading = new ParticipantReading(new ParticipantId(party), p, new Energy(Measured(bought)), new Energy(Measured(sold)));
                    switch (random.Next(7))
                    {
                        case 0:
                            pending.Add((period + random.Next(1, 4), period, party, reading));
                            late++;
                            break;
                        case 1:
                            known[(period, party)] = reading;
                            var fixedReading = new ParticipantReading(reading.Participant, p, new Energy(Measured(bought)), new Energy(Measured(sold)), 2);
                            pending.Add((period + random.Next(1, 4), period, party, fixedReading));
                            corrected++;
                            break;
                        default:
                            known[(period, party)] = reading;
                            break;
                    }
                }
            }

            // The period closes; settle it together with the reopened ones.
            var asOf = p.End + TimeSpan.FromMinutes(5);
            if (rig.Time.GetUtcNow() < asOf)
            {
                rig.Time.Advance(asOf - rig.Time.GetUtcNow());
            }

            var periods = reopened.Append(period).ToList();
            var settled = new List<Obligation>();
            foreach (var q in periods)
            {
                settled.AddRange(await rig.Journal.GetObligationsAsync(s.Market.Id, WindowScenario.Period(q)));
            }

            var request = s.Request(period) with
            {
                AsOf = asOf,
                Trades = [.. periods.SelectMany(q => trades[q])],
                Readings = [.. known.Where(k => periods.Contains(k.Key.Period)).Select(k => k.Value)],
                ReopenedPeriods = [.. reopened.Select(WindowScenario.Period)],
                SettledObligations = settled,
                CarriedAmounts = await rig.Journal.GetOpenCarriedAmountsAsync(s.Market.Id),
            };

            // Faults while this window is settled and paid.
            switch (random.Next(8))
            {
                case 0:
                    rig.Chain.Faults.Unreachable(calls: random.Next(1, 6));
                    faults++;
                    break;
                case 1:
                    rig.Chain.Faults.NextSubmitTimesOutButAccepts();
                    faults++;
                    break;
                case 2:
                    rig.Chain.Faults.FeeSpike(10, TimeSpan.FromMinutes(random.Next(5, 40)));
                    faults++;
                    break;
                case 3:
                    rig.Journal.FailNextWrites(random.Next(1, 3));
                    faults++;
                    break;
                case 4:
                    rig.Journal.FailNextWritesAfterCommit(1);
                    faults++;
                    break;
                case 5:
                    rig.Journal.FailNextPlanWrite(afterCommit: random.Next(2) == 0);
                    faults++;
                    break;
            }

            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await service.SettleWindowAsync(request);
                    break;
                }
                catch (Exception ex) when (attempt < 3 && ex is IOException or TimeoutException)
                {
                    // The host does not know whether the plan was recorded: it asks again, as after a crash.
                }
            }

            // Part of the way, a crash: a new process over the same journal and chain recovers.
            for (var step = random.Next(0, 4); step > 0; step--)
            {
                await service.ProcessAsync();
                rig.Chain.MineBlock();
            }

            if (random.Next(4) == 0)
            {
                service = Start(rig, planner);
                await service.RecoverAsync();
                crashes++;
            }

            await DrainAsync(rig, service);
            await CheckAsync(rig, s, period, trades, known, settledIds);
        }

        Assert.Empty(pending);
        Assert.Empty(await rig.Journal.GetHeldTradesAsync(s.Market.Id));
        output.WriteLine($"{Periods} periods: {late} late readings, {corrected} corrections, {faults} faults, {crashes} crashes; invariants held after each");
    }

    private static SettlementService Start(SettlementRig rig, SettlementPlanner planner)
    {
        rig.Restart();
        return new SettlementService(rig.Journal, new EnergySettlement.Chains.ChainProviderRegistry([rig.Provider]), rig.Options, rig.Time, planner: planner);
    }

    private static async Task DrainAsync(SettlementRig rig, SettlementService service)
    {
        for (var i = 0; i < 200; i++)
        {
            var pass = await service.ProcessAsync();
            if (pass.AllFinal && (await rig.Journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue)).Count == 0)
            {
                return;
            }

            rig.Chain.MineBlock();
            rig.Time.Advance(TimeSpan.FromMinutes(2));
        }

        throw new InvalidOperationException("Batches are still open after 200 passes.");
    }

    private static async Task CheckAsync(SettlementRig rig, WindowScenario s, int upTo, Dictionary<int, List<Trade>> trades, Dictionary<(int Period, string Party), ParticipantReading> known, Dictionary<int, HashSet<ObligationId>> settledIds)
    {
        var net = WindowScenario.Names.ToDictionary(n => n, _ => Int128.Zero);
        for (var q = 0; q <= upTo; q++)
        {
            var obligations = await rig.Journal.GetObligationsAsync(s.Market.Id, WindowScenario.Period(q));
            var ids = obligations.Select(o => o.Id).ToHashSet();
            if (settledIds.TryGetValue(q, out var before))
            {
                Assert.True(before.IsSubsetOf(ids), $"period {q}: a settled obligation disappeared");
            }

            settledIds[q] = ids;
            foreach (var o in obligations)
            {
                Assert.True(o.Amount.Amount > 0, $"period {q}: obligation {o.Id} is not positive");
                net[o.Payee.Value] += o.Amount.Amount;
                net[o.Payer.Value] -= o.Amount.Amount;
            }
        }

        Assert.Empty(await rig.Journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
        for (var position = 0L; ;)
        {
            var page = await rig.Journal.GetTransitionsAfterAsync(position, 1_000);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var id in page.Select(t => t.BatchId).Distinct())
            {
                Assert.Single(rig.Chain.GetSettlements(id));
            }

            position = page[^1].Position;
        }

        foreach (var c in await rig.Journal.GetOpenCarriedAmountsAsync(s.Market.Id))
        {
            net[c.Payee.Value] -= c.Amount.Amount;
            net[c.Payer.Value] += c.Amount.Amount;
        }

        foreach (var name in WindowScenario.Names)
        {
            Assert.True(WindowScenario.Funding + net[name] == rig.Balance(name).Amount, $"after period {upTo}: {name} holds {rig.Balance(name).Amount}, its obligations say {WindowScenario.Funding + net[name]}");
        }

        Assert.Equal(rig.Chain.TotalIssued(rig.Eurc), rig.Chain.TotalBalance(rig.Eurc));
        foreach (var held in await rig.Journal.GetHeldTradesAsync(s.Market.Id))
        {
            var q = trades.First(kv => kv.Value.Any(t => t.Id == held.Trade.Id)).Key;
            Assert.False(known.ContainsKey((q, held.Trade.Seller.Value)) && known.ContainsKey((q, held.Trade.Buyer.Value)), $"trade {held.Trade.Id} of period {q} is held although both readings are known");
        }
    }
}
