using BenchmarkDotNet.Attributes;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Benchmarks.Planning;

/// <summary>
/// Reconcile + obligations + net + route + batch for one period of a large market: 10,000 participants, 1,000,000 trades
/// between random pairs, every participant metered a little off its contracts, grid fee and imbalance prices on, accounts
/// on one chain with 200 payouts per transaction. The baseline only sums the trades' values (price × energy), the least
/// any settlement must do, in the same run.
/// </summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private static readonly ChainId Chain = ChainId.Parse("eip155:1");
    private static readonly Asset Usdc = new(AssetId.Parse("eip155:1/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), 6, "USDC");
    private static readonly Asset Ether = new(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");
    private SettlementPlanRequest _request = null!;
    private SettlementPlanner _planner = null!;

    /// <summary>Gets or sets the number of trades.</summary>
    [Params(1_000_000)]
    public int Trades { get; set; }

    /// <summary>Gets or sets the number of participants.</summary>
    [Params(10_000)]
    public int Participants { get; set; }

    /// <summary>Gets or sets the netting mode.</summary>
    [Params(NettingMode.Cleared, NettingMode.Bilateral)]
    public NettingMode Netting { get; set; }

    /// <summary>Builds the market, trades, readings and accounts once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var market = new MarketDefinition
        {
            Id = new MarketId("city"),
            QuoteAsset = Usdc,
            TickSize = Money.Parse("0.001", Usdc),
            MinPrice = Price.Parse("0/kWh", Usdc),
            MaxPrice = Price.Parse("1/kWh", Usdc),
            GridOperator = new ParticipantId("grid"),
            GridFeePerKilowattHour = Price.Parse("0.013/kWh", Usdc),
        };
        var period = DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 11, 0, 0, TimeSpan.Zero), market.PeriodLength);
        var ids = Enumerable.Range(0, Participants).Select(i => new ParticipantId("p" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var grid = new ParticipantId("grid");

        // A fixed xorshift stream: the same market on every run.
        var state = 0x2545F491u;
        uint Next()
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return state;
        }

        var trades = new Trade[Trades];
        var sold = new long[Participants];
        var bought = new long[Participants];
        for (var i = 0; i < trades.Length; i++)
        {
            var seller = (int)(Next() % (uint)Participants);
            var buyer = (int)(Next() % (uint)(Participants - 1));
            buyer += buyer >= seller ? 1 : 0;
            var wattHours = 1 + (Next() % 2_000);
            sold[seller] += wattHours;
            bought[buyer] += wattHours;
            trades[i] = new Trade
            {
                Market = market.Id,
                Period = period,
                Seller = ids[seller],
                Buyer = ids[buyer],
                SellOrder = new OrderId((2L * i) + 1),
                BuyOrder = new OrderId((2L * i) + 2),
                Price = market.FromTicks(50 + (Next() % 200)),
                Quantity = new Energy(wattHours),
                ExecutedAt = period.Start - TimeSpan.FromMinutes(30) + TimeSpan.FromTicks(i),
            };
        }

        var readings = new ParticipantReading[Participants];
        for (var p = 0; p < Participants; p++)
        {
            // Within ±5 % of the contracts, so most allocations are pro rata and most participants have an imbalance.
            long Off(long contracted) => Math.Max(0, contracted + ((long)(Next() % 101) - 50) * contracted / 1_000);
            readings[p] = new ParticipantReading(ids[p], period, new Energy(Off(bought[p])), new Energy(Off(sold[p])));
        }

        var participants = ids.Append(grid)
            .Select((id, i) => new SettlementParticipant(id, [new ParticipantAccount(SettlementAccount.Create(Chain, "0x" + i.ToString("x40", System.Globalization.CultureInfo.InvariantCulture)), Usdc)]))
            .ToArray();
        var options = new SettlementPlanningOptions { Netting = Netting, ClearingAgent = grid };
        options.ImbalancePrices[market.Id] = new ImbalancePrices(Price.Parse("0.300/kWh", Usdc), Price.Parse("0.040/kWh", Usdc));
        options.MinimumPayouts.Add(Money.Parse("0.000100", Usdc));
        _planner = new SettlementPlanner(options);
        _request = new SettlementPlanRequest
        {
            Window = new SettlementWindow(market.Id, period, 1),
            Market = market,
            AsOf = period.End + TimeSpan.FromMinutes(5),
            Trades = trades,
            Readings = readings,
            Participants = participants,
            Chains = new Dictionary<ChainId, ChainCapabilities>
            {
                [Chain] = new()
                {
                    NativeAsset = Ether,
                    Assets = [Ether, Usdc],
                    MaxPayoutsPerTransaction = 200,
                    Finality = FinalityModel.Confirmations,
                    ConfirmationsForFinality = 12,
                    TypicalFee = Money.Parse("0.001", Ether),
                    TypicalTimeToFinality = TimeSpan.FromMinutes(3),
                },
            },
        };
    }

    /// <summary>The floor: sum every trade's value.</summary>
    /// <returns>The sum, so the work is not optimised away.</returns>
    [Benchmark(Baseline = true)]
    public Int128 SumTradeValues()
    {
        Int128 sum = 0;
        foreach (var trade in _request.Trades)
        {
            sum += trade.ValueOf(RoundingMode.HalfToEven).Amount;
        }

        return sum;
    }

    /// <summary>The whole plan: reconcile, obligations (with their content-derived ids), net, route, batch.</summary>
    /// <returns>The number of batches.</returns>
    [Benchmark]
    public int Plan() => _planner.Plan(_request).Batches.Count;
}
