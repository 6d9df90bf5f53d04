using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>A market quoted in the rig's EURC with ann, bob, cat, dan and the grid on the rig's simulated chain, each funded;
/// 15-minute periods from 2026-06-21 11:00 UTC (the rig's clock is at 12:00).</summary>
internal sealed class WindowScenario
{
    public static readonly DateTimeOffset FirstStart = new(2026, 6, 21, 11, 0, 0, TimeSpan.Zero);
    public static readonly Int128 Funding = 1_000_000_000;
    private readonly SettlementRig _rig;
    private readonly List<Trade> _trades = [];
    private long _nextOrder = 1;

    public WindowScenario(SettlementRig rig)
    {
        _rig = rig;
        Market = new MarketDefinition
        {
            Id = new MarketId("street"),
            QuoteAsset = rig.Eurc,
            TickSize = Money.Parse("0.001", rig.Eurc),
            MinPrice = Price.Parse("0.000/kWh", rig.Eurc),
            MaxPrice = Price.Parse("1.000/kWh", rig.Eurc),
            GridOperator = new ParticipantId("grid"),
        };
        foreach (var name in Names)
        {
            rig.Chain.Fund(rig.Account(name), new Money(Funding, rig.Eurc));
            rig.Chain.Fund(rig.Account(name), new Money(Funding, rig.Chain.NativeAsset));
        }
    }

    public static string[] Names { get; } = ["ann", "bob", "cat", "dan", "grid"];

    public MarketDefinition Market { get; }

    public static DeliveryPeriod Period(int index) => DeliveryPeriod.Create(FirstStart + (TimeSpan.FromMinutes(15) * index), TimeSpan.FromMinutes(15));

    public Trade Trade(string seller, string buyer, long wattHours, string price, int period = 0)
    {
        var p = Period(period);
        var trade = new Trade
        {
            Market = Market.Id,
            Period = p,
            Seller = new ParticipantId(seller),
            Buyer = new ParticipantId(buyer),
            SellOrder = new OrderId(_nextOrder++),
            BuyOrder = new OrderId(_nextOrder++),
            Price = Price.Parse(price + "/kWh", _rig.Eurc),
            Quantity = new Energy(wattHours),
            ExecutedAt = p.Start - TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(_nextOrder),
        };
        _trades.Add(trade);
        return trade;
    }

    /// <summary>A request for one period with readings exactly as contracted.</summary>
    public SettlementPlanRequest Request(int period = 0)
    {
        var p = Period(period);
        var trades = _trades.Where(t => t.Period == p).ToList();
        var readings = Names
            .Select(n => new ParticipantId(n))
            .Select(id => (id, bought: trades.Where(t => t.Buyer == id).Sum(t => t.Quantity.WattHours), sold: trades.Where(t => t.Seller == id).Sum(t => t.Quantity.WattHours)))
            .Where(x => x.bought > 0 || x.sold > 0)
            .Select(x => new ParticipantReading(x.id, p, new Energy(x.bought), new Energy(x.sold)))
            .ToList();
        return new SettlementPlanRequest
        {
            Window = new SettlementWindow(Market.Id, p, 1),
            Market = Market,
            AsOf = p.End + TimeSpan.FromMinutes(5),
            Trades = trades,
            Readings = readings,
            Participants = [.. Names.Select(n => new SettlementParticipant(new ParticipantId(n), [new ParticipantAccount(_rig.Account(n), _rig.Eurc)]))],
            Chains = new Dictionary<ChainId, ChainCapabilities> { [_rig.Chain.ChainId] = _rig.Provider.Capabilities },
        };
    }

    /// <summary>What the journal holds, in a form two snapshots can be compared by.</summary>
    public static async Task<string> SnapshotAsync(ISettlementJournal journal, MarketId market)
    {
        var transitions = await journal.GetTransitionsAfterAsync(0, 10_000);
        var open = await journal.GetOpenBatchesAsync(DateTimeOffset.MinValue);
        var latest = await journal.GetLatestPlanAsync(market);
        var carried = await journal.GetOpenCarriedAmountsAsync(market);
        var held = await journal.GetHeldTradesAsync(market);
        var obligations = await journal.GetObligationsAsync(market, Period(0));
        return $"transitions {transitions.Count}, batches {open.Count}, latest plan {latest?.WindowId.ToString() ?? "none"}, carried {carried.Count}, held {held.Count}, obligations {obligations.Count}";
    }
}
