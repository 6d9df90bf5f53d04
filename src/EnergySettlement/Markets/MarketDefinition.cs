namespace EnergySettlement;

/// <summary>
/// A market: one product (energy delivered in a <see cref="DeliveryPeriod"/>) traded per period, quoted in one asset on
/// an integer price grid. The matching engine works in ticks; this definition maps ticks to money.
/// </summary>
/// <remarks>
/// Create with an object initializer, then call <see cref="Validate"/> (the DI registration does so at start-up and
/// reports every error at once). Immutable after creation; thread-safe.
/// </remarks>
public sealed record MarketDefinition
{
    /// <summary>Gets the market id.</summary>
    public required MarketId Id { get; init; }

    /// <summary>Gets the asset prices and payments are in.</summary>
    public required Asset QuoteAsset { get; init; }

    /// <summary>Gets the price step: the money per kWh one tick is worth. Must be positive.</summary>
    public required Money TickSize { get; init; }

    /// <summary>Gets the lowest price an order may carry (a market sell order's limit). A multiple of the tick size; may be negative.</summary>
    public required Price MinPrice { get; init; }

    /// <summary>Gets the highest price an order may carry (a market buy order's limit). A multiple of the tick size.</summary>
    public required Price MaxPrice { get; init; }

    /// <summary>Gets the delivery period length.</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan PeriodLength { get; init; } = DeliveryPeriod.DefaultLength;

    /// <summary>Gets how long before a period's delivery starts its order book closes (gate closure). Not used by a
    /// <see cref="MarketScheduleKind.DayAheadAuction"/> market, whose gate closes at the auction.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan GateClosureLead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets when the market matches: continuously, in periodic call auctions, or in a day-ahead auction.</summary>
    /// <value>The default is <see cref="MarketSchedule.Continuous"/>.</value>
    public MarketSchedule Schedule { get; init; } = MarketSchedule.Continuous;

    /// <summary>
    /// Gets how long a period's book is open: it opens this long before its gate closure (<see cref="TradingStartOf"/>),
    /// so the market operator keeps a book open for every period whose gate closes within this horizon.
    /// </summary>
    /// <value>The default is 1 day. At most <see cref="MaxOpenBooks"/> books may be open at once.</value>
    public TimeSpan TradingHorizon { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Gets the grid fee per kWh traded, payable by the buyer to <see cref="GridOperator"/>, if any.</summary>
    public Price? GridFeePerKilowattHour { get; init; }

    /// <summary>Gets the participant that receives the grid fee. Required when <see cref="GridFeePerKilowattHour"/> is set.</summary>
    public ParticipantId? GridOperator { get; init; }

    /// <summary>
    /// Gets the grid the market matches on: zones, network fees and transfer limits (see <see cref="MarketGrid"/>), or
    /// <see langword="null"/> for a market without zones. With a grid every order carries its participant's zone, a bid
    /// matches an offer only when the offer's price plus the fee between their zones is within the bid, and each trade
    /// records the fee, which settlement makes the buyer's due to <see cref="GridOperator"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public MarketGrid? Grid { get; init; }

    /// <summary>The most books of one market that the <see cref="TradingHorizon"/> may keep open at once.</summary>
    public const int MaxOpenBooks = 4_096;

    /// <summary>Gets the lowest price in ticks.</summary>
    public long MinTick => ToTicks(MinPrice);

    /// <summary>Gets the highest price in ticks.</summary>
    public long MaxTick => ToTicks(MaxPrice);

    /// <summary>
    /// The instant the order book for <paramref name="period"/> closes: delivery start minus <see cref="GateClosureLead"/>;
    /// in a day-ahead market, the auction for the period's UTC delivery day (<see cref="MarketSchedule.AuctionTime"/> on the day before).
    /// </summary>
    /// <param name="period">The delivery period.</param>
    /// <returns>The gate-closure instant.</returns>
    public DateTimeOffset GateClosureOf(DeliveryPeriod period)
    {
        if (Schedule?.Kind == MarketScheduleKind.DayAheadAuction)
        {
            var deliveryDay = new DateTimeOffset(period.Start.UtcDateTime.Date, TimeSpan.Zero);
            return deliveryDay.AddDays(-1) + Schedule.AuctionTime.ToTimeSpan();
        }

        return period.Start - GateClosureLead;
    }

    /// <summary>The instant the order book for <paramref name="period"/> opens: its gate closure minus <see cref="TradingHorizon"/>.</summary>
    /// <param name="period">The delivery period.</param>
    /// <returns>The opening instant.</returns>
    public DateTimeOffset TradingStartOf(DeliveryPeriod period) => GateClosureOf(period) - TradingHorizon;

    /// <summary>Converts a price to ticks.</summary>
    /// <param name="price">The price, in <see cref="QuoteAsset"/>, on the tick grid.</param>
    /// <returns>The price in ticks.</returns>
    /// <exception cref="ArgumentException">The price is in another asset or not a multiple of the tick size.</exception>
    /// <exception cref="OverflowException">The tick count does not fit in 64 bits.</exception>
    public long ToTicks(Price price)
    {
        if (price.Asset != QuoteAsset)
        {
            throw new ArgumentException($"The price {price} is not in the market's asset {QuoteAsset}.", nameof(price));
        }

        var (ticks, remainder) = Int128.DivRem(price.PerKilowattHour.Amount, TickSize.Amount);
        if (remainder != 0)
        {
            throw new ArgumentException($"The price {price} is not on the market's tick grid of {TickSize}/kWh.", nameof(price));
        }

        return checked((long)ticks);
    }

    /// <summary>Converts ticks to a price.</summary>
    /// <param name="ticks">The price in ticks.</param>
    /// <returns>The price.</returns>
    public Price FromTicks(long ticks) => new(TickSize * ticks);

    /// <summary>Checks the definition and returns every problem found (empty when valid).</summary>
    /// <returns>The problems, each naming the property.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Id == default)
        {
            errors.Add("Id must be set.");
        }

        if (QuoteAsset is null)
        {
            errors.Add("QuoteAsset must be set.");
            return errors;
        }

        if (TickSize == default || TickSize.Amount <= 0 || TickSize.Asset != QuoteAsset)
        {
            errors.Add($"TickSize must be a positive amount of {QuoteAsset.Symbol}; found {TickSize}.");
            return errors;
        }

        foreach (var (name, price) in new[] { (nameof(MinPrice), MinPrice), (nameof(MaxPrice), MaxPrice) })
        {
            if (price == default)
            {
                errors.Add($"{name} must be set.");
            }
            else if (price.PerKilowattHour.Asset != QuoteAsset)
            {
                errors.Add($"{name} must be in {QuoteAsset.Symbol}; found {price}.");
            }
            else if (price.PerKilowattHour.Amount % TickSize.Amount != 0)
            {
                errors.Add($"{name} {price} must be a multiple of the tick size {TickSize}.");
            }
        }

        if (errors.Count == 0 && MinPrice >= MaxPrice)
        {
            errors.Add($"MinPrice {MinPrice} must be below MaxPrice {MaxPrice}.");
        }
        else if (errors.Count == 0 && (MaxPrice.PerKilowattHour.Amount - MinPrice.PerKilowattHour.Amount) / TickSize.Amount >= Matching.OrderBookOptions.MaxBandTicks)
        {
            errors.Add($"The price band {MinPrice} .. {MaxPrice} spans more than {Matching.OrderBookOptions.MaxBandTicks} ticks of {TickSize}; raise TickSize or narrow the band.");
        }

        if (PeriodLength <= TimeSpan.Zero || PeriodLength > TimeSpan.FromDays(1) || TimeSpan.FromDays(1).Ticks % PeriodLength.Ticks != 0 || PeriodLength.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"PeriodLength {PeriodLength} must be whole seconds, positive, at most a day and divide a day evenly.");
        }

        if (GateClosureLead < TimeSpan.Zero)
        {
            errors.Add($"GateClosureLead {GateClosureLead} must not be negative.");
        }

        if (Schedule is null)
        {
            errors.Add("Schedule must be set.");
        }
        else
        {
            errors.AddRange(Schedule.Validate());
        }

        ValidateHorizon(errors);

        if (GridFeePerKilowattHour is { } fee)
        {
            if (fee.Asset != QuoteAsset || fee.PerKilowattHour.IsNegative)
            {
                errors.Add($"GridFeePerKilowattHour must be a non-negative price in {QuoteAsset.Symbol}; found {fee}.");
            }

            if (GridOperator is null)
            {
                errors.Add("GridOperator must be set when GridFeePerKilowattHour is set.");
            }
        }

        Grid?.Validate(this, errors);
        return errors;
    }

    private void ValidateHorizon(List<string> errors)
    {
        var validLength = PeriodLength > TimeSpan.Zero && PeriodLength <= TimeSpan.FromDays(1) && TimeSpan.FromDays(1).Ticks % PeriodLength.Ticks == 0;
        if (TradingHorizon <= TimeSpan.Zero || TradingHorizon > TimeSpan.FromDays(366))
        {
            errors.Add($"TradingHorizon {TradingHorizon} must be positive and at most 366 days.");
        }
        else if (validLength && Schedule is not null)
        {
            // A day-ahead market opens a whole delivery day's books at once; other markets one period after another.
            var openAtOnce = Schedule.Kind == MarketScheduleKind.DayAheadAuction
                ? ((TradingHorizon.Ticks + TimeSpan.TicksPerDay - 1) / TimeSpan.TicksPerDay) * (TimeSpan.TicksPerDay / PeriodLength.Ticks)
                : (TradingHorizon.Ticks + PeriodLength.Ticks - 1) / PeriodLength.Ticks;
            if (openAtOnce > MaxOpenBooks)
            {
                errors.Add($"TradingHorizon {TradingHorizon} keeps up to {openAtOnce} books of {PeriodLength} open at once; at most {MaxOpenBooks} are allowed.");
            }
        }
    }
}
