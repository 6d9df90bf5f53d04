using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Builds planning requests in a few lines: a market quoted in USDC with 15-minute periods starting at
/// 2026-06-21 11:00 UTC, participants with one Ethereum USDC account each unless told otherwise, and a grid operator.</summary>
internal sealed class PlanningScenario
{
    public static readonly Asset Usdc = TestAssets.Usdc;
    public static readonly Asset DashCoin = TestAssets.DashCoin;
    public static readonly DateTimeOffset FirstStart = new(2026, 6, 21, 11, 0, 0, TimeSpan.Zero);
    public static readonly ParticipantId Grid = new("grid");

    private readonly Dictionary<ParticipantId, List<ParticipantAccount>> _accounts = [];
    private readonly List<Trade> _trades = [];
    private readonly List<ParticipantReading> _readings = [];
    private long _nextOrder = 1;
    private long _nextExecution;

    public PlanningScenario()
    {
        Market = new MarketDefinition
        {
            Id = new MarketId("street"),
            QuoteAsset = Usdc,
            TickSize = Money.Parse("0.001", Usdc),
            MinPrice = Price.Parse("-1.000/kWh", Usdc),
            MaxPrice = Price.Parse("1.000/kWh", Usdc),
            GridOperator = Grid,
        };
        Participant(Grid);
    }

    public MarketDefinition Market { get; set; }

    public SettlementPlanningOptions Options { get; } = new();

    public Dictionary<ChainId, ChainCapabilities> Chains { get; } = new()
    {
        [TestAssets.Ethereum] = Capabilities(TestAssets.Ether, [TestAssets.Ether, Usdc], maxPayouts: 100),
        [TestAssets.Dash] = Capabilities(DashCoin, [DashCoin], maxPayouts: 100),
    };

    public List<DeliveryPeriod> Reopened { get; } = [];

    public List<Obligation> Settled { get; } = [];

    public List<CarriedAmount> Carried { get; } = [];

    public List<ExchangeRate> Rates { get; } = [];

    public IReadOnlyList<Trade> Trades => _trades;

    public static DeliveryPeriod Period(int index) => DeliveryPeriod.Create(FirstStart + (TimeSpan.FromMinutes(15) * index), TimeSpan.FromMinutes(15));

    public static ChainCapabilities Capabilities(Asset native, Asset[] assets, int maxPayouts, int memoBytes = 0) => new()
    {
        NativeAsset = native,
        Assets = assets,
        MaxPayoutsPerTransaction = maxPayouts,
        MaxMemoBytes = memoBytes,
        Finality = FinalityModel.Confirmations,
        ConfirmationsForFinality = 1,
        TypicalFee = Money.Zero(native),
        TypicalTimeToFinality = TimeSpan.FromSeconds(12),
    };

    public static Money Usd(string amount) => Money.Parse(amount, Usdc);

    public static ParticipantId Id(string name) => new(name);

    /// <summary>Adds a participant with one Ethereum USDC account (derived from its name) unless accounts are given.</summary>
    public PlanningScenario Participant(ParticipantId id, params ParticipantAccount[] accounts)
    {
        if (!_accounts.TryGetValue(id, out var list))
        {
            list = [];
            _accounts.Add(id, list);
        }

        list.AddRange(accounts.Length > 0 ? accounts : [new ParticipantAccount(EthAccount(id.Value), Usdc)]);
        return this;
    }

    public static SettlementAccount EthAccount(string name) =>
        SettlementAccount.Create(TestAssets.Ethereum, "0x" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..40].ToLowerInvariant());

    public static SettlementAccount DashAccount(string name) =>
        SettlementAccount.Create(TestAssets.Dash, "X" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..33]);

    /// <summary>Adds a trade of <paramref name="wattHours"/> at <paramref name="price"/> USDC/kWh in period <paramref name="period"/>;
    /// later calls execute later.</summary>
    public Trade Trade(string seller, string buyer, long wattHours, string price, int period = 0, string? networkFee = null)
    {
        foreach (var name in new[] { seller, buyer })
        {
            if (!_accounts.ContainsKey(Id(name)))
            {
                Participant(Id(name));
            }
        }

        var p = Period(period);
        var trade = new Trade
        {
            Market = Market.Id,
            Period = p,
            Seller = Id(seller),
            Buyer = Id(buyer),
            SellOrder = new OrderId(_nextOrder++),
            BuyOrder = new OrderId(_nextOrder++),
            Price = Price.Parse(price + "/kWh", Usdc),
            Quantity = new Energy(wattHours),
            ExecutedAt = p.Start - TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(_nextExecution++),
            NetworkFee = networkFee is null ? null : Price.Parse(networkFee + "/kWh", Usdc),
        };
        _trades.Add(trade);
        return trade;
    }

    public PlanningScenario Add(Trade trade)
    {
        _trades.Add(trade);
        return this;
    }

    public PlanningScenario Reading(string participant, long imported, long exported, int period = 0, int revision = 1)
    {
        if (!_accounts.ContainsKey(Id(participant)))
        {
            Participant(Id(participant));
        }

        _readings.Add(new ParticipantReading(Id(participant), Period(period), new Energy(imported), new Energy(exported), revision));
        return this;
    }

    /// <summary>Gives every trade party that has no reading yet a reading of exactly its contracts in each period it trades.</summary>
    public PlanningScenario ReadingsAsContracted()
    {
        foreach (var group in _trades.GroupBy(t => t.Period))
        {
            var parties = group.Select(t => t.Seller).Concat(group.Select(t => t.Buyer)).Distinct();
            foreach (var party in parties)
            {
                if (_readings.Any(r => r.Participant == party && r.Period == group.Key))
                {
                    continue;
                }

                var bought = group.Where(t => t.Buyer == party).Sum(t => t.Quantity.WattHours);
                var sold = group.Where(t => t.Seller == party).Sum(t => t.Quantity.WattHours);
                _readings.Add(new ParticipantReading(party, group.Key, new Energy(bought), new Energy(sold)));
            }
        }

        return this;
    }

    public SettlementWindow Window(int first = 0, int count = 1) => new(Market.Id, Period(first), count);

    public SettlementPlanRequest Request(int first = 0, int count = 1) => new()
    {
        Window = Window(first, count),
        Market = Market,
        AsOf = Window(first, count).End + TimeSpan.FromHours(1),
        Trades = [.. _trades.Where(t => Window(first, count).Contains(t.Period) || Reopened.Contains(t.Period))],
        Readings = [.. _readings.Where(r => Window(first, count).Contains(r.Period) || Reopened.Contains(r.Period))],
        Participants = [.. _accounts.Select(kv => new SettlementParticipant(kv.Key, kv.Value))],
        Chains = Chains,
        ReopenedPeriods = [.. Reopened],
        SettledObligations = [.. Settled.Where(o => Window(first, count).Contains(o.Period) || Reopened.Contains(o.Period))],
        CarriedAmounts = [.. Carried],
        ExchangeRates = [.. Rates],
    };

    public SettlementPlan Plan(int first = 0, int count = 1) => new SettlementPlanner(Options).Plan(Request(first, count));

    /// <summary>Records what a plan settled, as a settlement service would before planning the next window.</summary>
    public void Record(SettlementPlan plan)
    {
        Settled.AddRange(plan.Obligations);
        Carried.RemoveAll(c => plan.ConsumedCarriedAmounts.Contains(c.Id));
        Carried.AddRange(plan.CarriedForward);
    }

    public static string Describe(Money money) => money.Amount.ToString(CultureInfo.InvariantCulture);
}
