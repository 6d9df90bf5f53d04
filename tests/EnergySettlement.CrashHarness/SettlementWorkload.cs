using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.CrashHarness;

/// <summary>
/// A deterministic market for the crash harness: participants p0…pN-1 trading on one chain (simulated or Anvil) in the token EURC,
/// one 15-minute window after another. Window <c>w</c>'s trades and readings come from <c>Random(seed, w)</c> alone, so
/// a restarted process rebuilds exactly the request it may have settled before the kill.
/// </summary>
internal sealed class SettlementWorkload
{
    public const int Participants = 6;
    public static readonly DateTimeOffset FirstStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    public static readonly Int128 InitialTokens = 1_000_000_000_000;
    public static readonly Int128 InitialCoins = 1_000_000_000_000;
    private static readonly TimeSpan PeriodLength = TimeSpan.FromMinutes(15);

    private readonly int _seed;

    public SettlementWorkload(IHarnessChain chain, int seed)
    {
        Chain = chain;
        _seed = seed;
        Token = chain.Token;
        Market = new MarketDefinition
        {
            Id = new MarketId("crash-street"),
            QuoteAsset = Token,
            TickSize = Money.Parse("0.001", Token),
            MinPrice = Price.Parse("0.000/kWh", Token),
            MaxPrice = Price.Parse("1.000/kWh", Token),
            GridOperator = new ParticipantId("grid"),
        };
        Parties = AllParties;
    }

    /// <summary>Gets p0…pN-1, then the grid operator.</summary>
    public static IReadOnlyList<ParticipantId> AllParties { get; } =
        [.. Enumerable.Range(0, Participants).Select(i => new ParticipantId("p" + i.ToString(CultureInfo.InvariantCulture))), new ParticipantId("grid")];

    public IHarnessChain Chain { get; }

    public Asset Token { get; }

    public MarketDefinition Market { get; }

    public IReadOnlyList<ParticipantId> Parties { get; }

    public SettlementAccount AccountOf(ParticipantId participant) => Chain.AccountOf(participant);

    public SettlementWindow Window(int index) => new(Market.Id, DeliveryPeriod.Create(FirstStart + (PeriodLength * index), PeriodLength), 1);

    /// <summary>Builds window <paramref name="index"/>'s request from the seed alone plus the journal's open carried amounts.</summary>
    public SettlementPlanRequest Request(int index, IReadOnlyList<CarriedAmount> carried, IReadOnlyDictionary<ChainId, ChainCapabilities> chains)
    {
        var window = Window(index);
        var period = window.FirstPeriod;
        var random = new Random(HashCode.Combine(_seed, index, 0x5e771e));
        var trades = new List<Trade>();
        var count = random.Next(1, 7);
        for (var t = 0; t < count; t++)
        {
            var seller = random.Next(Participants);
            var buyer = (seller + random.Next(1, Participants)) % Participants;
            trades.Add(new Trade
            {
                Market = Market.Id,
                Period = period,
                Seller = Parties[seller],
                Buyer = Parties[buyer],
                SellOrder = new OrderId((index * 100L) + (2 * t) + 1),
                BuyOrder = new OrderId((index * 100L) + (2 * t) + 2),
                Price = Price.Parse(string.Create(CultureInfo.InvariantCulture, $"0.{random.Next(50, 400):D3}/kWh"), Token),
                Quantity = new Energy(random.Next(1, 50) * 100),
                ExecutedAt = period.Start - TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(t),
            });
        }

        // Meters read what was contracted, so every obligation is a trade's; the harness is about execution, not reconciliation.
        var readings = new List<ParticipantReading>();
        foreach (var party in Parties.Take(Participants))
        {
            var bought = trades.Where(t => t.Buyer == party).Sum(t => t.Quantity.WattHours);
            var sold = trades.Where(t => t.Seller == party).Sum(t => t.Quantity.WattHours);
            if (bought > 0 || sold > 0)
            {
                readings.Add(new ParticipantReading(party, period, new Energy(bought), new Energy(sold)));
            }
        }

        return new SettlementPlanRequest
        {
            Window = window,
            Market = Market,
            AsOf = window.End + TimeSpan.FromHours(1),
            Trades = trades,
            Readings = readings,
            Participants = [.. Parties.Select(p => new SettlementParticipant(p, [new ParticipantAccount(AccountOf(p), Token)]))],
            Chains = chains,
            CarriedAmounts = carried,
        };
    }
}
