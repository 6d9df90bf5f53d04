using EnergySettlement.Matching;
using EnergySettlement.Tests.Settlement.Planning;
using ObligationReason = EnergySettlement.Settlement.ObligationReason;
using EnergySettlement.Trading;
using static EnergySettlement.Tests.Trading.Operator.OperatorFixture;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>
/// Grid-aware orders through the market operator: zones from the participants' registrations, fees and limits from
/// the market's grid, attribute and requirement flags from the order request, and what trades carry.
/// Grid: zones A, B, C; fees A↔B 10, B↔C 20, A↔C 30 ticks per kWh; at most 1 kWh per period from A to B.
/// alice and dave are in A, bob in B, carol in C, erin has no zone.
/// </summary>
public sealed class GridTests
{
    private static readonly ZoneId A = new("feeder-a"), B = new("feeder-b"), C = new("substation-c");

    private static MarketGrid Grid() => new()
    {
        Zones = [A, B, C],
        NetworkFees = [new(A, B, Ticks(10)), new(B, A, Ticks(10)), new(B, C, Ticks(20)), new(C, B, Ticks(20)), new(A, C, Ticks(30)), new(C, A, Ticks(30))],
        TransferLimits = [new(A, B, new Energy(1_000))],
    };

    private static MarketDefinition Zoned(MarketDefinition market) => market with { Grid = Grid(), GridOperator = P("grid-co") };

    private static IEnumerable<ParticipantRegistration> Participants() =>
    [
        new() { Participant = P("alice"), Zone = A },
        new() { Participant = P("dave"), Zone = A },
        new() { Participant = P("bob"), Zone = B },
        new() { Participant = P("carol"), Zone = C },
        new() { Participant = P("erin") },
    ];

    private static OperatorFixture Market(Func<MarketDefinition, MarketDefinition>? more = null, IOrderJournal? journal = null, int snapshotInterval = 0) =>
        new(m => (more ?? (x => x))(Zoned(m)), options: o => o.SnapshotInterval = snapshotInterval, journal: journal, participants: Participants());

    [Fact]
    public async Task Buy_AcrossZones_MatchesOnlyWhenOfferPlusFeeIsWithinTheBid()
    {
        await using var market = Market();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 500);

        var tooLow = await market.BuyAsync("bob", 89, 500);
        var enough = await market.BuyAsync("bob", 90, 500);

        Assert.Empty(tooLow.Trades);
        var trade = Assert.Single(enough.Trades);
        Assert.Equal((Ticks(80), Ticks(10), A, B), (trade.Price, trade.NetworkFee, trade.SellerZone, trade.BuyerZone));
    }

    [Fact]
    public async Task Buy_InsideAZone_CarriesTheZonesAndNoFee()
    {
        await using var market = Market();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 500);

        var trade = Assert.Single((await market.BuyAsync("dave", 80, 500)).Trades);

        Assert.Equal((Ticks(80), (Price?)null, A, A), (trade.Price, trade.NetworkFee, trade.SellerZone, trade.BuyerZone));
    }

    [Fact]
    public async Task Buy_PriorityIsPriceIncludingTheFee()
    {
        await using var market = Market();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 500);   // 80 + 30 to C = 110
        await market.SellAsync("bob", 85, 500);     // 85 + 20 to C = 105

        var trades = (await market.BuyAsync("carol", 120, 700)).Trades;

        Assert.Equal([(P("bob"), Ticks(85), Ticks(20), 500L), (P("alice"), Ticks(80), Ticks(30), 200L)],
            trades.Select(t => (t.Seller, t.Price, t.NetworkFee!.Value, t.Quantity.WattHours)));
    }

    [Fact]
    public async Task Buy_BeyondTheTransferLimit_TradesOnlyWhatTheLimitLeaves()
    {
        await using var market = Market();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 3_000);

        var buy = await market.BuyAsync("bob", 100, 2_000);
        var later = await market.BuyAsync("bob", 100, 500);

        Assert.Equal(1_000, Assert.Single(buy.Trades).Quantity.WattHours);
        Assert.Equal(new Energy(1_000), buy.Remaining);
        Assert.Empty(later.Trades);
    }

    [Fact]
    public async Task Buy_RequiringAFlag_TradesOnlyWithOffersCarryingIt()
    {
        const int Renewable = 1;
        await using var market = Market();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 500);
        await market.Operator.SubmitAsync(new OrderRequest { Participant = P("dave"), Period = First, Side = Side.Sell, LimitPrice = Ticks(90), Quantity = new Energy(500), AttributeFlags = Renewable });

        var buy = await market.Operator.SubmitAsync(new OrderRequest { Participant = P("bob"), Period = First, Side = Side.Buy, LimitPrice = Ticks(100), Quantity = new Energy(800), RequiredFlags = Renewable });

        var trade = Assert.Single(buy.Trades);
        Assert.Equal((P("dave"), Ticks(90), Ticks(10)), (trade.Seller, trade.Price, trade.NetworkFee));
        var accepted = market.Sink.Of<OrderAccepted>().Select(e => e.Order).ToList();
        Assert.Equal((B, 0, Renewable), (accepted[^1].Zone, accepted[^1].AttributeFlags, accepted[^1].RequiredFlags));
        Assert.Equal((A, Renewable, 0), (accepted[1].Zone, accepted[1].AttributeFlags, accepted[1].RequiredFlags));
    }

    [Fact]
    public async Task Submit_ParticipantWithoutZone_IsRejectedAndNothingJournaled()
    {
        await using var market = Market();
        await market.StartAsync();
        var before = await market.JournalLengthAsync();

        var result = await market.SellAsync("erin", 80, 500);

        Assert.Equal(OrderRejectionReason.ZoneNotInGrid, result.Reason);
        Assert.Equal(before, await market.JournalLengthAsync());
    }

    [Fact]
    public async Task Submit_ZoneTheGridDoesNotHold_IsRejected()
    {
        await using var market = Market();
        market.Participants.Add(new ParticipantRegistration { Participant = P("frank"), Zone = new ZoneId("elsewhere") });
        await market.StartAsync();

        Assert.Equal(OrderRejectionReason.ZoneNotInGrid, (await market.SellAsync("frank", 80, 500)).Reason);
    }

    [Theory]
    [InlineData(0x1000, 0)]
    [InlineData(0, 0x1000)]
    [InlineData(-1, 0)]
    public async Task Submit_FlagsOutsideTwelveBits_AreRejected(int flags, int requirements)
    {
        await using var market = Market();
        await market.StartAsync();

        var result = await market.Operator.SubmitAsync(new OrderRequest { Participant = P("alice"), Period = First, Side = Side.Sell, LimitPrice = Ticks(80), Quantity = new Energy(500), AttributeFlags = flags, RequiredFlags = requirements });

        Assert.Equal(OrderRejectionReason.InvalidFlags, result.Reason);
    }

    [Fact]
    public async Task Submit_RequirementsInAnAuctionMarket_AreRejected()
    {
        await using var market = Market(m => m with { Schedule = MarketSchedule.PeriodicAuction(TimeSpan.FromMinutes(5)) });
        await market.StartAsync();

        var result = await market.Operator.SubmitAsync(new OrderRequest { Participant = P("bob"), Period = First, Side = Side.Buy, LimitPrice = Ticks(80), Quantity = new Energy(500), RequiredFlags = 1 });

        Assert.Equal(OrderRejectionReason.RequirementsNotAllowed, result.Reason);
    }

    [Fact]
    public async Task Submit_MarketWithoutGrid_IgnoresRegisteredZones()
    {
        await using var market = new OperatorFixture(participants: Participants());
        await market.StartAsync();
        await market.SellAsync("alice", 80, 500);

        var trade = Assert.Single((await market.BuyAsync("erin", 80, 500)).Trades);

        Assert.Equal(((ZoneId?)null, (ZoneId?)null, (Price?)null), (trade.SellerZone, trade.BuyerZone, trade.NetworkFee));
    }

    [Fact]
    public async Task ZonalAuction_TradesPayTheBuyersZonePriceAndTheFeeGoesToTheGrid()
    {
        await using var market = Market(m => m with { Schedule = MarketSchedule.PeriodicAuction(TimeSpan.FromMinutes(5)) });
        await market.StartAsync();
        await market.SellAsync("alice", 50, 1_500);   // A
        await market.SellAsync("dave", 60, 500);      // A
        await market.BuyAsync("dave", 100, 400);      // A
        await market.BuyAsync("bob", 100, 1_200);     // B: at most 1,000 Wh can come from A
        await market.SellAsync("bob", 95, 500);       // B

        await market.AdvanceAsync(TimeSpan.FromMinutes(5));

        var trades = market.Sink.Of<TradeExecuted>().Select(t => t.Trade).ToList();
        var cleared = Assert.Single(market.Sink.Of<AuctionCleared>(), c => c.Period == First);
        Assert.Equal(cleared.Volume.WattHours, trades.Sum(t => t.Quantity.WattHours));
        var fromAToB = trades.Where(t => t.SellerZone == A && t.BuyerZone == B).Sum(t => t.Quantity.WattHours);
        Assert.Equal(1_000, fromAToB);
        Assert.All(trades.Where(t => t.SellerZone != t.BuyerZone), t => Assert.True(t.NetworkFee >= Ticks(10), $"fee {t.NetworkFee}"));
        Assert.All(trades.Where(t => t.SellerZone == t.BuyerZone), t => Assert.Null(t.NetworkFee));

        // Every buyer in a zone pays one price (seller's zone price + fee), every seller in a zone receives one.
        Assert.Single(trades.Where(t => t.BuyerZone == B).Select(t => market.Market.ToTicks(t.Price) + (t.NetworkFee is { } fee ? market.Market.ToTicks(fee) : 0)).Distinct());
        Assert.Single(trades.Where(t => t.SellerZone == A).Select(t => t.Price).Distinct());
        Assert.Null(cleared.ClearingPrice);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Replay_OfAZonedMarket_GivesTheSameEventsAndARestartTheSameOpenOrdersAndRoom(int snapshotInterval)
    {
        var journal = new InMemoryOrderJournal();
        List<MarketEvent> live;
        IReadOnlyList<OpenOrder> open;
        await using (var market = Market(journal: journal, snapshotInterval: snapshotInterval))
        {
            await market.StartAsync();
            await market.SellAsync("alice", 80, 3_000);
            await market.BuyAsync("bob", 100, 2_000);
            await market.SellAsync("carol", 70, 500);
            await market.BuyAsync("dave", 110, 200);
            live = [.. market.Sink.Events];
            open = market.Operator.GetOpenOrders(P("bob"));
            Assert.Equal(live, await market.ReplayAsync());
        }

        // The market's grid changes, but the open books keep the grid they were journaled with.
        await using var restarted = new OperatorFixture(m => Zoned(m) with { Grid = Grid() with { TransferLimits = [] } }, options: o => o.SnapshotInterval = snapshotInterval, journal: journal, participants: Participants());
        await restarted.StartAsync();

        Assert.Equal(open, restarted.Operator.GetOpenOrders(P("bob")));
        Assert.Equal(snapshotInterval > 0, await journal.LoadLatestSnapshotAsync(restarted.Market.Id) is not null);
        Assert.Empty((await restarted.SellAsync("alice", 80, 500)).Trades);   // A → B is still full in this period, snapshot or not
    }

    [Fact]
    public void Validate_GridProblems_AreAllReported()
    {
        var market = DefaultMarket() with
        {
            Grid = new MarketGrid
            {
                Zones = [A, B, A],
                NetworkFees = [new(A, new ZoneId("nowhere"), Ticks(1)), new(A, A, Ticks(1)), new(A, B, new Price(TestAssets.Usd(1_500)))],
                TransferLimits = [new(B, A, new Energy(-1))],
            },
        };

        var errors = market.Validate();

        Assert.Contains(errors, e => e.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("to itself", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("multiple of the tick size", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("must not be negative", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("GridOperator", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ValidGrid_HasNoErrors() => Assert.Empty(Zoned(DefaultMarket()).Validate());

    [Fact]
    public void Codec_OpenBookWithGrid_RoundTripsAsVersion2AndWithoutAsVersion1()
    {
        var network = new ZoneNetworkBuilder(2).SetNetworkFee(0, 1, 7).SetTransferLimit(1, 0, 900).Build();
        var plain = OpenBook(null);
        var zoned = OpenBook(new BookGrid([A, B], network));

        var plainBytes = MarketCommandCodec.Encode(plain);
        var zonedBytes = MarketCommandCodec.Encode(zoned);
        var decoded = MarketCommandCodec.Decode(zonedBytes);

        Assert.Equal((1, 2), ((int)plainBytes[0], (int)zonedBytes[0]));
        Assert.Null(MarketCommandCodec.Decode(plainBytes).Grid);
        Assert.Equal([A, B], decoded.Grid!.Zones);
        Assert.True(decoded.Grid.ContentEquals(zoned.Grid!));
        Assert.Equal((7L, 0L, 900L), (decoded.Grid.Network.GetNetworkFee(0, 1), decoded.Grid.Network.GetNetworkFee(1, 0), decoded.Grid.Network.GetTransferLimit(1, 0)));
        Assert.Equal(zonedBytes, MarketCommandCodec.Encode(decoded));
    }

    [Fact]
    public void Codec_CorruptGrid_IsRefused()
    {
        var bytes = MarketCommandCodec.Encode(OpenBook(new BookGrid([A, B], new ZoneNetworkBuilder(2).SetNetworkFee(0, 1, 7).Build())));
        var gridStart = bytes.Length - (1 + (1 + A.Value.Length) + (1 + B.Value.Length) + (2 * 8 * 4));

        var noZones = (byte[])bytes.Clone();
        noZones[gridStart] = 0;
        var feeInsideZone = (byte[])bytes.Clone();
        feeInsideZone[gridStart + 1 + (1 + A.Value.Length) + (1 + B.Value.Length)] = 1;   // fee [0 → 0]
        var place = MarketCommandCodec.Encode(new MarketCommand { Kind = MarketCommandKind.Place, Timestamp = 1, BookId = 1, OrderId = 1, Participant = P("alice"), PriceTick = 1, Quantity = 1 });
        place[0] = MarketCommandCodec.GridFormatVersion;

        Assert.Throws<InvalidDataException>(() => MarketCommandCodec.Decode(noZones));
        Assert.Throws<InvalidDataException>(() => MarketCommandCodec.Decode(feeInsideZone));
        Assert.Throws<InvalidDataException>(() => MarketCommandCodec.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<InvalidDataException>(() => MarketCommandCodec.Decode(place));
    }

    private static MarketCommand OpenBook(BookGrid? grid) => new()
    {
        Kind = MarketCommandKind.OpenBook, Timestamp = Start.UtcTicks, BookId = 3, Period = First, Mode = BookMode.Continuous,
        GateClosure = First.Start.AddMinutes(-5).UtcTicks, EngineGateClosure = First.Start.AddMinutes(-5).UtcTicks, MinTick = 0, MaxTick = 500,
        Capacity = 64, QuoteAsset = TestAssets.Usdc.Id.ToString(), QuoteDecimals = 6, TickSize = 1_000, Grid = grid,
    };

    [Fact]
    public async Task Settlement_OfAZonedTrade_MakesTheNetworkFeeTheBuyersDueToTheGridOperator()
    {
        var s = new PlanningScenario();
        var period = PlanningScenario.Period(0);
        await using var market = Market(m => m with { Id = s.Market.Id, GridOperator = PlanningScenario.Grid });
        await market.StartAsync();
        await market.SellAsync("alice", 80, 3_000, period);

        var trade = Assert.Single((await market.BuyAsync("bob", 100, 1_000, period)).Trades);
        s.Market = market.Market;
        s.Participant(P("alice")).Participant(P("bob")).Add(trade).ReadingsAsContracted();
        var obligations = s.Plan().Obligations;

        var energy = Assert.Single(obligations, o => o.Reason == ObligationReason.Trade);
        var fee = Assert.Single(obligations, o => o.Reason == ObligationReason.NetworkFee);
        Assert.Equal((P("bob"), P("alice"), 80_000L), (energy.Payer, energy.Payee, (long)energy.Amount.Amount));       // 1 kWh × 0.080
        Assert.Equal((P("bob"), PlanningScenario.Grid, 10_000L), (fee.Payer, fee.Payee, (long)fee.Amount.Amount));   // 1 kWh × 0.010
    }
}
