using EnergySettlement.Coins;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>The records the journal benchmarks write: order-journal entries (the shape the bare baseline inserts too),
/// a settlement plan with many obligations (the record the settlement issue's goal counts), trades and coins.</summary>
internal static class JournalRecords
{
    public static readonly DateTimeOffset At = new(2026, 6, 21, 12, 0, 0, TimeSpan.FromHours(2));

    public static readonly Asset Ether = new(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");

    public static readonly MarketId Market = new("bench-market");

    private static readonly byte[] Payload = Enumerable.Range(0, 48).Select(i => (byte)(i * 13)).ToArray();

    /// <summary>Order-journal entries <paramref name="first"/>, <paramref name="first"/> + 1, …: 48-byte payloads, as a
    /// market operator's encoded commands are.</summary>
    public static OrderJournalEntry[] Entries(long first, int count) =>
        Enumerable.Range(0, count).Select(i => new OrderJournalEntry { Sequence = first + i, RecordedAt = At, Payload = Payload }).ToArray();

    /// <summary>The payload every entry carries, for the bare baseline.</summary>
    public static byte[] EntryPayload => Payload;

    /// <summary>A plan of one period holding <paramref name="obligations"/> grid-fee obligations (one per participant).</summary>
    public static RecordedPlan Plan(DeliveryPeriod period, int obligations)
    {
        var grid = new ParticipantId("grid");
        var list = new Obligation[obligations];
        for (var i = 0; i < obligations; i++)
        {
            list[i] = new Obligation(Market, period, ObligationReason.GridFee, new ParticipantId($"home-{i:D6}"), grid, new Money(1_000_000_000 + i, Ether), new Energy(100 + i), trade: null);
        }

        return new RecordedPlan
        {
            Plan = new SettlementPlan
            {
                Window = new SettlementWindow(Market, period, 1),
                QuoteAsset = Ether,
                Deliveries = [],
                Imbalances = [],
                Readings = [],
                Obligations = list,
                HeldTrades = [],
                Legs = [],
                Batches = [],
                CarriedForward = [],
                ConsumedCarriedAmounts = [],
                ExchangeRates = [],
            },
            PlannedAt = At,
            ReadingsPosition = 0,
        };
    }

    /// <summary>Trades of one period, <paramref name="count"/> of them with distinct order ids from <paramref name="firstOrder"/>.</summary>
    public static Trade[] Trades(DeliveryPeriod period, long firstOrder, int count) =>
        Enumerable.Range(0, count).Select(i => new Trade
        {
            Market = Market,
            Period = period,
            Buyer = new ParticipantId("buyer"),
            Seller = new ParticipantId("seller"),
            BuyOrder = new OrderId(firstOrder + i),
            SellOrder = new OrderId(1),
            Price = new Price(new Money(80_000_000_000_000_000, Ether)),
            Quantity = new Energy(1_500),
            ExecutedAt = At,
        }).ToArray();

    /// <summary>Four coins of one payer for reservation <paramref name="n"/>.</summary>
    public static ReservedCoin[] Coins(int n)
    {
        var owner = Chains.SettlementAccount.Create(Chains.ChainId.Parse("bip122:00000ffd590b1485b3caadc19b22e637"), "XbenchOwner");
        var txid = new Chains.ChainTransactionId(n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture));
        return Enumerable.Range(0, 4).Select(k => new ReservedCoin { Owner = owner, OutPoint = new OutPoint(txid, (uint)k), Amount = new Money(100_000 + k, Ether) }).ToArray();
    }

    /// <summary>The first delivery period the benchmarks use; each write moves to a later one.</summary>
    public static DeliveryPeriod FirstPeriod { get; } = DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15));
}
