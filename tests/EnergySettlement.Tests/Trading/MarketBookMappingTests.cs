using EnergySettlement.Matching;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Trading;

public sealed class MarketBookMappingTests
{
    private static readonly Asset Dai = new(AssetId.Parse("eip155:1/erc20:0x6b175474e89094c44da98b954eedeac495271d0f"), 18, "DAI");
    private static readonly Asset Eth = new(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");
    private static readonly DeliveryPeriod Period = DeliveryPeriod.Parse("2026-11-24T10:15:00Z/PT15M");

    private static readonly MarketDefinition Market = new()
    {
        Id = new MarketId("neighbourhood-1"),
        QuoteAsset = Dai,
        TickSize = Money.Parse("0.001", Dai),
        MinPrice = Price.Parse("-0.5 DAI/kWh", Dai),
        MaxPrice = Price.Parse("1 DAI/kWh", Dai),
        GateClosureLead = TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void CreateBookOptions_MapsBandAndGateClosureToTicks()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());

        var options = mapping.CreateBookOptions(Period, bookId: 7);

        Assert.Equal(7, options.BookId);
        Assert.Equal(-500, options.MinTick);
        Assert.Equal(1000, options.MaxTick);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T10:10:00Z", System.Globalization.CultureInfo.InvariantCulture).UtcTicks, options.GateClosure);
    }

    [Fact]
    public void CreateBookOptions_PeriodOfOtherLength_Throws()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());

        Assert.Throws<ArgumentException>(() => mapping.CreateBookOptions(DeliveryPeriod.Parse("2026-11-24T10:00:00Z/PT1H"), 1));
    }

    [Fact]
    public void TryCreateCommand_LimitOrder_MapsTicksWattHoursParticipantAndTime()
    {
        var directory = new ParticipantDirectory();
        directory.IndexOf(new ParticipantId("someone-else"));
        var mapping = new MarketBookMapping(Market, directory);
        var order = Order(Side.Buy, "0.123 DAI/kWh", "1.5 kWh");

        var error = mapping.TryCreateCommand(order, bookId: 3, out var command);

        Assert.Equal(OrderMappingError.None, error);
        Assert.Equal(CommandKind.Place, command.Kind);
        Assert.Equal(3, command.BookId);
        Assert.Equal(42, command.OrderId);
        Assert.Equal(1, command.Participant);
        Assert.Equal(Side.Buy, command.Side);
        Assert.Equal(OrderType.Limit, command.OrderType);
        Assert.Equal(123, command.PriceTick);
        Assert.Equal(1500, command.Quantity);
        Assert.Equal(order.SubmittedAt.UtcTicks, command.Timestamp);
    }

    [Fact]
    public void ToOrder_OfMappedCommand_RoundTrips()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());
        var order = Order(Side.Sell, "0.2 DAI/kWh", "800 Wh") with { Type = OrderType.FillOrKill };
        mapping.TryCreateCommand(order, 1, out var command);

        Assert.Equal(order, mapping.ToOrder(command, Period));
    }

    [Fact]
    public void TryCreateCommand_MarketOrder_HasNoPriceAndRoundTripsWithoutOne()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());
        var order = Order(Side.Buy, null, "1 kWh") with { Type = OrderType.Market };

        Assert.Equal(OrderMappingError.None, mapping.TryCreateCommand(order, 1, out var command));
        Assert.Equal(OrderType.Market, command.OrderType);
        Assert.Null(mapping.ToOrder(command, Period).LimitPrice);
    }

    [Theory]
    [InlineData("0.1234 DAI/kWh", OrderMappingError.PriceOffTickGrid)]
    [InlineData(null, OrderMappingError.MissingLimitPrice)]
    public void TryCreateCommand_BadPrice_IsRefusedWithReason(string? price, OrderMappingError expected)
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());

        Assert.Equal(expected, mapping.TryCreateCommand(Order(Side.Buy, price, "1 kWh"), 1, out var command));
        Assert.Equal(default, command);
    }

    [Fact]
    public void TryCreateCommand_PriceInOtherAsset_IsRefused()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());
        var order = Order(Side.Buy, null, "1 kWh") with { LimitPrice = Price.Parse("0.1 ETH/kWh", Eth) };

        Assert.Equal(OrderMappingError.WrongAsset, mapping.TryCreateCommand(order, 1, out _));
    }

    [Fact]
    public void TryCreateCommand_MarketOrderWithPrice_IsRefused()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());
        var order = Order(Side.Buy, "0.1 DAI/kWh", "1 kWh") with { Type = OrderType.Market };

        Assert.Equal(OrderMappingError.UnexpectedLimitPrice, mapping.TryCreateCommand(order, 1, out _));
    }

    [Fact]
    public void TryCreateCommand_OtherMarketOrPeriodLength_IsRefused()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());

        Assert.Equal(OrderMappingError.WrongMarket, mapping.TryCreateCommand(Order(Side.Buy, "0.1 DAI/kWh", "1 kWh") with { Market = new MarketId("other") }, 1, out _));
        Assert.Equal(OrderMappingError.WrongPeriodLength, mapping.TryCreateCommand(Order(Side.Buy, "0.1 DAI/kWh", "1 kWh") with { Period = DeliveryPeriod.Parse("2026-11-24T10:00:00Z/PT1H") }, 1, out _));
    }

    [Fact]
    public void ToTrade_FromEngineTrade_NamesBuyerSellerPriceAndEnergy()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());
        var engine = new MatchingEngine();
        engine.AddBook(mapping.CreateBookOptions(Period, 1));
        var sink = new EventList();
        var sell = Order(Side.Sell, "0.150 DAI/kWh", "2 kWh") with { Participant = new ParticipantId("solar-home"), Id = new OrderId(1) };
        var buy = Order(Side.Buy, "0.200 DAI/kWh", "1.2 kWh") with { Participant = new ParticipantId("ev-charger"), Id = new OrderId(2) };
        mapping.TryCreateCommand(sell, 1, out var sellCommand);
        mapping.TryCreateCommand(buy, 1, out var buyCommand);

        engine.Process(sellCommand, ref sink);
        engine.Process(buyCommand, ref sink);
        var trade = mapping.ToTrade(sink.Events.Single(e => e.Kind == MatchingEventKind.Trade), Period);

        Assert.Equal(new ParticipantId("ev-charger"), trade.Buyer);
        Assert.Equal(new ParticipantId("solar-home"), trade.Seller);
        Assert.Equal(new OrderId(2), trade.BuyOrder);
        Assert.Equal(new OrderId(1), trade.SellOrder);
        Assert.Equal(Price.Parse("0.150 DAI/kWh", Dai), trade.Price); // the resting order's price
        Assert.Equal(new Energy(1200), trade.Quantity);
        Assert.Equal(Money.Parse("0.18", Dai), trade.ValueOf(RoundingMode.HalfToEven));
        Assert.Equal(buy.SubmittedAt, trade.ExecutedAt);
    }

    [Fact]
    public void ToTrade_OfNonTradeEvent_Throws()
    {
        var mapping = new MarketBookMapping(Market, new ParticipantDirectory());

        Assert.Throws<ArgumentException>(() => mapping.ToTrade(new MatchingEvent { Kind = MatchingEventKind.Accepted }, Period));
    }

    [Fact]
    public void Constructor_InvalidMarket_ThrowsListingProblems()
    {
        var invalid = Market with { MinPrice = Market.MaxPrice };

        var error = Assert.Throws<ArgumentException>(() => new MarketBookMapping(invalid, new ParticipantDirectory()));
        Assert.Contains("MinPrice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParticipantDirectory_AssignsDenseIndicesInOrderOfFirstUse()
    {
        var directory = new ParticipantDirectory();

        Assert.Equal(0, directory.IndexOf(new ParticipantId("a")));
        Assert.Equal(1, directory.IndexOf(new ParticipantId("b")));
        Assert.Equal(0, directory.IndexOf(new ParticipantId("a")));
        Assert.Equal(new ParticipantId("b"), directory.ParticipantAt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => directory.ParticipantAt(2));
    }

    private static Order Order(Side side, string? price, string quantity) => new()
    {
        Id = new OrderId(42),
        Market = Market.Id,
        Period = Period,
        Participant = new ParticipantId("home-7"),
        Side = side,
        LimitPrice = price is null ? null : Price.Parse(price, Dai),
        Quantity = Energy.Parse(quantity),
        SubmittedAt = DateTimeOffset.Parse("2026-11-24T09:01:02Z", System.Globalization.CultureInfo.InvariantCulture),
    };

    private struct EventList : IMatchingEventSink
    {
        public EventList()
        {
        }

        public List<MatchingEvent> Events { get; } = [];

        public readonly void OnEvent(in MatchingEvent matchingEvent) => Events.Add(matchingEvent);
    }
}
