using EnergySettlement.Chains;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// A <see cref="SettlementPlanRequest"/> checked against every input rule and indexed for planning: participants in
/// ordinal order, periods in time order (reopened ones first), trades in canonical order grouped by period, the
/// counting revision of each reading. Building it throws <see cref="SettlementPlanningException"/> on the first broken
/// rule, before anything is planned.
/// </summary>
internal sealed class PlanningInput
{
    private readonly Dictionary<ParticipantId, int> _participantIndex;
    private readonly Dictionary<DeliveryPeriod, int> _reopenedIndex;

    public PlanningInput(SettlementPlanRequest request, SettlementPlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Window);
        ArgumentNullException.ThrowIfNull(request.Market);
        ArgumentNullException.ThrowIfNull(request.Trades);
        ArgumentNullException.ThrowIfNull(request.Readings);
        ArgumentNullException.ThrowIfNull(request.Participants);
        ArgumentNullException.ThrowIfNull(request.Chains);
        ArgumentNullException.ThrowIfNull(request.ReopenedPeriods);
        ArgumentNullException.ThrowIfNull(request.SettledObligations);
        ArgumentNullException.ThrowIfNull(request.CarriedAmounts);
        ArgumentNullException.ThrowIfNull(request.ExchangeRates);
        Request = request;
        Window = request.Window;
        WindowId = Window.Id;
        Market = request.Market;
        CheckMarket(options);
        Quote = Market.QuoteAsset;
        Participants = IndexParticipants(request, out _participantIndex);
        Operator = Market.GridOperator is { } op && (Market.GridFeePerKilowattHour is not null || Imbalance is not null || UsesNetworkFees(request.Trades)) ? Find(op, "the market's grid operator") : -1;
        if (Market.GridOperator is null && UsesNetworkFees(request.Trades))
        {
            throw Error(SettlementPlanningError.InvalidRequest, $"Trades of market '{Market.Id}' carry network fees, but the market has no grid operator to pay them to.");
        }

        Agent = options.ClearingAgent is { } agent ? Find(agent, "the clearing agent") : -1;
        Periods = IndexPeriods(request, out _reopenedIndex);
        ReopenedCount = _reopenedIndex.Count;
        (Trades, Seller, Buyer, PeriodStarts) = IndexTrades(request.Trades);
        Readings = IndexReadings(request.Readings);
        ReadersByPeriod = new List<int>[Periods.Length];
        foreach (var (period, participant) in Readings.Keys)
        {
            (ReadersByPeriod[period] ??= []).Add(participant);
        }
        Settled = IndexSettled(request.SettledObligations);
        Carried = IndexCarried(request.CarriedAmounts);
        Rates = IndexRates(request.ExchangeRates);
    }

    public SettlementPlanRequest Request { get; }

    public SettlementWindow Window { get; }

    public SettlementWindowId WindowId { get; }

    public MarketDefinition Market { get; }

    public Asset Quote { get; }

    /// <summary>Gets the market's imbalance prices, or null when its imbalances are not settled.</summary>
    public ImbalancePrices? Imbalance { get; private set; }

    /// <summary>Gets the participants, in ordinal order of their ids; indices below refer to this array.</summary>
    public SettlementParticipant[] Participants { get; }

    /// <summary>Gets the grid operator's index, or -1 when the market charges nothing to it.</summary>
    public int Operator { get; }

    /// <summary>Gets the clearing agent's index, or -1.</summary>
    public int Agent { get; }

    /// <summary>Gets the periods: reopened ones (ascending), then the window's.</summary>
    public DeliveryPeriod[] Periods { get; }

    public int ReopenedCount { get; }

    /// <summary>Gets the trades in canonical order: period, execution time, buy order, sell order.</summary>
    public Trade[] Trades { get; }

    public int[] Seller { get; }

    public int[] Buyer { get; }

    /// <summary>Gets, per period index k, the first trade of the period; entry k+1 ends it (length Periods + 1).</summary>
    public int[] PeriodStarts { get; }

    /// <summary>Gets the counting reading per (period index, participant index).</summary>
    public Dictionary<(int Period, int Participant), ParticipantReading> Readings { get; }

    /// <summary>Gets, per period index, the participants with a reading (unordered; null when none).</summary>
    public List<int>?[] ReadersByPeriod { get; }

    /// <summary>Gets the settled obligations per period index.</summary>
    public Dictionary<int, List<Obligation>> Settled { get; }

    /// <summary>Gets the carried amounts to consume, in ordinal order of their ids.</summary>
    public CarriedAmount[] Carried { get; }

    /// <summary>Gets the rate from the quote asset to each other asset.</summary>
    public Dictionary<Asset, ExchangeRate> Rates { get; }

    public int IndexOf(ParticipantId participant) => _participantIndex[participant];

    private static SettlementPlanningException Error(SettlementPlanningError reason, string message) => new(reason, message);

    private static bool UsesNetworkFees(IReadOnlyList<Trade> trades)
    {
        foreach (var trade in trades)
        {
            if (trade?.NetworkFee is { } fee && !fee.PerKilowattHour.IsZero)
            {
                return true;
            }
        }

        return false;
    }

    private void CheckMarket(SettlementPlanningOptions options)
    {
        // Named before the general market check so a negative fee gets its own reason.
        if (Market.GridFeePerKilowattHour is { } fee && fee.PerKilowattHour.IsNegative)
        {
            throw Error(SettlementPlanningError.NegativeAmount, $"The grid fee of market '{Market.Id}' must not be negative; found {fee}.");
        }

        if (Market.Validate() is { Count: > 0 } problems)
        {
            throw Error(SettlementPlanningError.InvalidRequest, $"The market definition '{Market.Id}' is invalid: {string.Join(" ", problems)}");
        }

        if (Market.Id != Window.Market)
        {
            throw Error(SettlementPlanningError.OtherMarket, $"The window {WindowId} is of market '{Window.Market}', but the market definition given is '{Market.Id}'.");
        }

        if (Window.PeriodLength != Market.PeriodLength)
        {
            throw Error(SettlementPlanningError.InvalidRequest, $"The window's periods last {Window.PeriodLength}; market '{Market.Id}' has periods of {Market.PeriodLength}.");
        }

        if (Window.End > Request.AsOf)
        {
            throw Error(SettlementPlanningError.PeriodNotClosed, $"The window {WindowId} ends at {Window.End:O}, after the planning instant {Request.AsOf:O}: its last period is not closed.");
        }

        if (options.ImbalancePrices.TryGetValue(Market.Id, out var prices))
        {
            if (prices.ShortfallPrice.Asset != Market.QuoteAsset || prices.SurplusPrice.Asset != Market.QuoteAsset)
            {
                throw Error(SettlementPlanningError.MixedAssets, $"The imbalance prices of market '{Market.Id}' must be in {Market.QuoteAsset.Symbol}; found {prices.ShortfallPrice} and {prices.SurplusPrice}.");
            }

            if (Market.GridOperator is null)
            {
                throw Error(SettlementPlanningError.InvalidRequest, $"Market '{Market.Id}' has imbalance prices but no grid operator to settle imbalances with.");
            }

            Imbalance = prices;
        }
    }

    private static SettlementParticipant[] IndexParticipants(SettlementPlanRequest request, out Dictionary<ParticipantId, int> index)
    {
        var list = new List<SettlementParticipant>(request.Participants.Count);
        var seen = new HashSet<ParticipantId>();
        foreach (var participant in request.Participants)
        {
            ArgumentNullException.ThrowIfNull(participant, nameof(request));
            if (!seen.Add(participant.Id))
            {
                throw Error(SettlementPlanningError.Duplicate, $"Participant '{participant.Id}' is listed twice.");
            }

            foreach (var account in participant.Accounts)
            {
                if (!request.Chains.TryGetValue(account.ChainId, out var capabilities))
                {
                    throw Error(SettlementPlanningError.UnregisteredChain, $"Participant '{participant.Id}' has account {account.Account} on chain {account.ChainId}, which has no registered provider. Registered: {string.Join(", ", request.Chains.Keys.Select(c => c.ToString()).Order(StringComparer.Ordinal))}.");
                }

                if (!capabilities.Supports(account.Asset))
                {
                    throw Error(SettlementPlanningError.UnsupportedAsset, $"Participant '{participant.Id}' uses {account.Asset} on chain {account.ChainId}, which its provider cannot pay.");
                }
            }

            list.Add(participant);
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Id.Value, b.Id.Value));
        index = new Dictionary<ParticipantId, int>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            index.Add(list[i].Id, i);
        }

        return [.. list];
    }

    private int Find(ParticipantId participant, string role) =>
        _participantIndex.TryGetValue(participant, out var i)
            ? i
            : throw Error(SettlementPlanningError.UnknownParticipant, $"'{participant}', {role}, is not among the request's participants.");

    private DeliveryPeriod[] IndexPeriods(SettlementPlanRequest request, out Dictionary<DeliveryPeriod, int> reopenedIndex)
    {
        var reopened = new List<DeliveryPeriod>();
        var seen = new HashSet<DeliveryPeriod>();
        foreach (var period in request.ReopenedPeriods)
        {
            if (period.Length != Window.PeriodLength || period.Start >= Window.Start)
            {
                throw Error(SettlementPlanningError.InvalidRequest, $"A reopened period must be an earlier period of the market ({Window.PeriodLength}, before {Window.Start:O}); found {period}.");
            }

            if (!seen.Add(period))
            {
                throw Error(SettlementPlanningError.Duplicate, $"The period {period} is reopened twice.");
            }

            reopened.Add(period);
        }

        reopened.Sort();
        reopenedIndex = new Dictionary<DeliveryPeriod, int>(reopened.Count);
        for (var i = 0; i < reopened.Count; i++)
        {
            reopenedIndex.Add(reopened[i], i);
        }

        var periods = new DeliveryPeriod[reopened.Count + Window.PeriodCount];
        reopened.CopyTo(periods);
        var at = reopened.Count;
        foreach (var period in Window.Periods)
        {
            periods[at++] = period;
        }

        return periods;
    }

    /// <summary>The index of <paramref name="period"/> in <see cref="Periods"/>, or -1 when it is neither in the window nor reopened.</summary>
    public int PeriodIndex(DeliveryPeriod period)
    {
        // Periods are aligned to their length since the epoch, and so is the window: containment is enough.
        if (Window.Contains(period))
        {
            return ReopenedCount + (int)((period.Start - Window.Start).Ticks / period.Length.Ticks);
        }

        return _reopenedIndex.TryGetValue(period, out var i) ? i : -1;
    }

    private int PeriodIndexOrThrow(DeliveryPeriod period, string what)
    {
        var index = PeriodIndex(period);
        return index >= 0
            ? index
            : throw Error(SettlementPlanningError.OutsideWindow, $"{what} is for {period}, which is neither in the window {WindowId} nor among the reopened periods.");
    }

    private (Trade[] Trades, int[] Seller, int[] Buyer, int[] PeriodStarts) IndexTrades(IReadOnlyList<Trade> input)
    {
        // One pass checks each trade and looks its parties up once, in input order. Trades usually come in canonical order
        // already (as the matching engine makes them): the same pass checks that, and only trades out of order are sorted,
        // by keys built for them then (a million keys are 48 MB the usual case does not need).
        var trades = new Trade[input.Count];
        var seller = new int[trades.Length];
        var buyer = new int[trades.Length];
        var period = new int[trades.Length];
        var sorted = true;
        var duplicate = -1;
        for (var i = 0; i < trades.Length; i++)
        {
            var trade = trades[i] = input[i] ?? throw new ArgumentException("The trades must not contain null.", nameof(input));
            (period[i], seller[i], buyer[i]) = Check(trade);
            if (i > 0 && sorted)
            {
                var order = Compare(period[i - 1], trades[i - 1], period[i], trade);
                sorted = order <= 0;
                duplicate = order == 0 && duplicate < 0 ? i : duplicate;
            }
        }

        // Every trade is checked before a duplicate is named, as when the trades are sorted below.
        if (sorted && duplicate >= 0)
        {
            throw Error(SettlementPlanningError.Duplicate, $"Trade {trades[duplicate].Id} appears twice.");
        }

        if (!sorted)
        {
            var keys = new TradeKey[trades.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = new TradeKey(period[i], trades[i].ExecutedAt.UtcTicks, trades[i].BuyOrder.Value, trades[i].SellOrder.Value, i, seller[i], buyer[i]);
            }

            Array.Sort(keys);
            for (var i = 0; i < keys.Length; i++)
            {
                var key = keys[i];
                if (i > 0 && key.SameTradeAs(keys[i - 1]))
                {
                    throw Error(SettlementPlanningError.Duplicate, $"Trade {input[key.Index].Id} appears twice.");
                }

                trades[i] = input[key.Index];
                (period[i], seller[i], buyer[i]) = (key.Period, key.Seller, key.Buyer);
            }
        }

        var starts = new int[Periods.Length + 1];
        foreach (var p in period)
        {
            starts[p + 1]++;
        }

        for (var k = 0; k < Periods.Length; k++)
        {
            starts[k + 1] += starts[k];
        }

        return (trades, seller, buyer, starts);
    }

    /// <summary>The canonical order of trades: period, execution time, buy order, sell order (as <see cref="TradeKey"/>).</summary>
    private static int Compare(int period, Trade trade, int otherPeriod, Trade other)
    {
        var c = period.CompareTo(otherPeriod);
        if (c == 0)
        {
            c = trade.ExecutedAt.UtcTicks.CompareTo(other.ExecutedAt.UtcTicks);
        }

        if (c == 0)
        {
            c = trade.BuyOrder.Value.CompareTo(other.BuyOrder.Value);
        }

        return c != 0 ? c : trade.SellOrder.Value.CompareTo(other.SellOrder.Value);
    }

    /// <summary>Checks one trade against the window and the request; returns its period's index and its parties' indices.</summary>
    private (int Period, int Seller, int Buyer) Check(Trade trade)
    {
        if (trade.Market != Window.Market)
        {
            throw Error(SettlementPlanningError.OtherMarket, $"Trade {trade.Id} is of market '{trade.Market}', not the window's market '{Window.Market}'.");
        }

        var period = PeriodIndex(trade.Period);
        if (period < 0)
        {
            throw Error(SettlementPlanningError.OutsideWindow, $"Trade {trade.Id} is for {trade.Period}, which is neither in the window {WindowId} nor among the reopened periods.");
        }

        if (trade.Price.PerKilowattHour == default || trade.Price.Asset != Quote)
        {
            throw Error(SettlementPlanningError.MixedAssets, $"Trade {trade.Id} is priced {trade.Price}; market '{Market.Id}' is quoted in {Quote.Symbol}.");
        }

        if (trade.NetworkFee is { } fee)
        {
            if (fee.PerKilowattHour == default || fee.Asset != Quote)
            {
                throw Error(SettlementPlanningError.MixedAssets, $"Trade {trade.Id} has network fee {fee}; market '{Market.Id}' is quoted in {Quote.Symbol}.");
            }

            if (fee.PerKilowattHour.IsNegative)
            {
                throw Error(SettlementPlanningError.NegativeAmount, $"Trade {trade.Id} has a negative network fee {fee}.");
            }
        }

        if (trade.Quantity.WattHours <= 0)
        {
            throw Error(SettlementPlanningError.InvalidRequest, $"Trade {trade.Id} has quantity {trade.Quantity}; a trade's energy must be positive.");
        }

        if (trade.Buyer == trade.Seller)
        {
            throw Error(SettlementPlanningError.InvalidRequest, $"Trade {trade.Id} has '{trade.Buyer}' as both buyer and seller.");
        }

        // Messages are only built for a trade that fails.
        if (!_participantIndex.TryGetValue(trade.Seller, out var sellerIndex) || !_participantIndex.TryGetValue(trade.Buyer, out var buyerIndex))
        {
            throw Error(SettlementPlanningError.UnknownParticipant, $"'{(_participantIndex.ContainsKey(trade.Seller) ? trade.Buyer : trade.Seller)}', a party to trade {trade.Id}, is not among the request's participants.");
        }

        return (period, sellerIndex, buyerIndex);
    }

    private Dictionary<(int, int), ParticipantReading> IndexReadings(IReadOnlyList<ParticipantReading> input)
    {
        var readings = new Dictionary<(int, int), ParticipantReading>(input.Count);
        foreach (var reading in input)
        {
            ArgumentNullException.ThrowIfNull(reading, nameof(input));
            if (!_participantIndex.TryGetValue(reading.Participant, out var participant))
            {
                throw Error(SettlementPlanningError.UnknownParticipant, $"'{reading.Participant}', whose reading for {reading.Period} is given, is not among the request's participants.");
            }

            var period = PeriodIndex(reading.Period);
            if (period < 0)
            {
                throw Error(SettlementPlanningError.OutsideWindow, $"The reading of '{reading.Participant}' is for {reading.Period}, which is neither in the window {WindowId} nor among the reopened periods.");
            }

            var key = (period, participant);
            if (!readings.TryGetValue(key, out var known) || reading.Revision > known.Revision)
            {
                readings[key] = reading;
            }
            else if (reading.Revision == known.Revision && reading != known)
            {
                throw Error(SettlementPlanningError.Duplicate, $"Two readings of '{reading.Participant}' for {reading.Period} have revision {reading.Revision} but differ: {known.Imported}/{known.Exported} and {reading.Imported}/{reading.Exported} imported/exported.");
            }
        }

        return readings;
    }

    private Dictionary<int, List<Obligation>> IndexSettled(IReadOnlyList<Obligation> input)
    {
        var settled = new Dictionary<int, List<Obligation>>();
        var ids = new HashSet<ObligationId>();
        foreach (var obligation in input)
        {
            ArgumentNullException.ThrowIfNull(obligation, nameof(input));
            if (obligation.Market != Window.Market)
            {
                throw Error(SettlementPlanningError.OtherMarket, $"Settled obligation {obligation.Id} is of market '{obligation.Market}', not '{Window.Market}'.");
            }

            var period = PeriodIndexOrThrow(obligation.Period, $"Settled obligation {obligation.Id}");
            if (obligation.Amount.Asset != Quote)
            {
                throw Error(SettlementPlanningError.MixedAssets, $"Settled obligation {obligation.Id} is in {obligation.Amount.Asset.Symbol}; market '{Market.Id}' is quoted in {Quote.Symbol}.");
            }

            Find(obligation.Payer, $"the payer of settled obligation {obligation.Id}");
            Find(obligation.Payee, $"the payee of settled obligation {obligation.Id}");
            if (!ids.Add(obligation.Id))
            {
                throw Error(SettlementPlanningError.Duplicate, $"Settled obligation {obligation.Id} is given twice.");
            }

            if (!settled.TryGetValue(period, out var list))
            {
                list = [];
                settled.Add(period, list);
            }

            list.Add(obligation);
        }

        return settled;
    }

    private CarriedAmount[] IndexCarried(IReadOnlyList<CarriedAmount> input)
    {
        var ids = new HashSet<CarriedAmountId>();
        var list = new List<CarriedAmount>(input.Count);
        foreach (var carried in input)
        {
            ArgumentNullException.ThrowIfNull(carried, nameof(input));
            if (carried.Amount.Asset != Quote)
            {
                throw Error(SettlementPlanningError.MixedAssets, $"Carried amount {carried.Id} is in {carried.Amount.Asset.Symbol}; market '{Market.Id}' is quoted in {Quote.Symbol}.");
            }

            if (carried.ConsumedBy is { } consumer)
            {
                throw Error(SettlementPlanningError.InvalidRequest, $"Carried amount {carried.Id} was already consumed by window {consumer}.");
            }

            Find(carried.Payer, $"the payer of carried amount {carried.Id}");
            Find(carried.Payee, $"the payee of carried amount {carried.Id}");
            if (!ids.Add(carried.Id))
            {
                throw Error(SettlementPlanningError.Duplicate, $"Carried amount {carried.Id} is given twice.");
            }

            list.Add(carried);
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Id.Value, b.Id.Value));
        return [.. list];
    }

    private Dictionary<Asset, ExchangeRate> IndexRates(IReadOnlyList<ExchangeRate> input)
    {
        var rates = new Dictionary<Asset, ExchangeRate>();
        foreach (var rate in input)
        {
            ArgumentNullException.ThrowIfNull(rate, nameof(input));
            if (rate.From.Asset != Quote)
            {
                throw Error(SettlementPlanningError.MixedAssets, $"The exchange rate {rate} does not convert from the market's quote asset {Quote.Symbol}.");
            }

            if (!rates.TryAdd(rate.To.Asset, rate))
            {
                throw Error(SettlementPlanningError.Duplicate, $"Two exchange rates convert {Quote.Symbol} to {rate.To.Asset.Symbol}.");
            }
        }

        return rates;
    }

    /// <summary>The canonical order of trades, and what makes two trades the same (their content-derived id's parts).</summary>
    private readonly record struct TradeKey(int Period, long ExecutedAt, long BuyOrder, long SellOrder, int Index, int Seller, int Buyer) : IComparable<TradeKey>
    {
        public int CompareTo(TradeKey other)
        {
            var c = Period.CompareTo(other.Period);
            if (c == 0)
            {
                c = ExecutedAt.CompareTo(other.ExecutedAt);
            }

            if (c == 0)
            {
                c = BuyOrder.CompareTo(other.BuyOrder);
            }

            if (c == 0)
            {
                c = SellOrder.CompareTo(other.SellOrder);
            }

            return c;
        }

        public bool SameTradeAs(TradeKey other) => Period == other.Period && ExecutedAt == other.ExecutedAt && BuyOrder == other.BuyOrder && SellOrder == other.SellOrder;
    }
}
