using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EnergySettlement.Diagnostics;
using EnergySettlement.Matching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Trading;

/// <summary>
/// Runs one market: the SDK's front door for orders. It opens a book for every delivery period within the market's
/// <see cref="MarketDefinition.TradingHorizon"/>, runs the <see cref="MarketDefinition.Schedule"/> (continuous trading,
/// periodic auctions or a day-ahead auction) from its <see cref="TimeProvider"/>, closes books at gate closure, takes
/// order entries in domain types with typed results, and reports everything that happens as <see cref="MarketEvent"/>s.
/// </summary>
/// <remarks>
/// <para><b>Order entry.</b> <see cref="SubmitAsync(OrderRequest, CancellationToken)"/> (or <see cref="BuyAsync"/> and <see cref="SellAsync"/>), <see cref="CancelAsync"/> and
/// <see cref="ReduceAsync"/> check the participant's registration, the price grid and band, the participant's limits
/// and the order's owner before the matching engine sees anything, and answer with an <see cref="OrderEntryResult"/>:
/// expected refusals are results, never exceptions. Only an order's owner may cancel or reduce it; the market operator
/// may do so on its behalf, explicitly, with <see cref="CancelAsOperatorAsync"/> and <see cref="ReduceAsOperatorAsync"/>.</para>
/// <para><b>Durability.</b> Every accepted command (and every schedule step) is appended to the <see cref="IOrderJournal"/>
/// — many per durable write — before the engine sees it and before its caller is answered. <see cref="StartAsync"/>
/// rebuilds the books from the latest snapshot and the journal after it; replaying a journal yields the same events.</para>
/// <para><b>Events</b> reach every registered <see cref="IMarketEventSink"/> (which the operator waits for before it
/// answers the command's caller) and every <see cref="ReadEventsAsync"/> reader, in journal order.</para>
/// <para><b>Schedule.</b> With <see cref="MarketOperatorOptions.RunScheduleOnTimer"/> (the default) a timer from the
/// <see cref="TimeProvider"/> fires at each due step; <see cref="RunScheduleAsync"/> runs the steps due now at once.</para>
/// <para>Thread-safety: every member is thread-safe; any number of callers may enter orders at once.</para>
/// </remarks>
public sealed partial class MarketOperator : IAsyncDisposable
{
    private readonly MarketOperatorOptions _options;
    private readonly IParticipantRegistry _participants;
    private readonly IOrderJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMarketEventSink[] _sinks;
    private readonly KeyValuePair<string, object?> _marketTag;
    private readonly object _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Run? _run;
    private MarketOperatorState _state;
    private Exception? _fault;

    /// <summary>Creates the operator of one market (usually through <c>services.AddEnergySettlement(es =&gt; es.AddMarket(market))</c>).</summary>
    /// <param name="market">The market; must be valid.</param>
    /// <param name="options">How to run it; must be valid. Read once, here.</param>
    /// <param name="participants">Who may trade.</param>
    /// <param name="journal">Where accepted commands are recorded before they are acknowledged.</param>
    /// <param name="timeProvider">The clock the schedule and the commands' timestamps come from.</param>
    /// <param name="sinks">Receivers of every event, waited for before a command's caller is answered.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The market or the options are invalid (every problem listed).</exception>
    public MarketOperator(
        MarketDefinition market,
        MarketOperatorOptions options,
        IParticipantRegistry participants,
        IOrderJournal journal,
        TimeProvider timeProvider,
        IEnumerable<IMarketEventSink>? sinks = null,
        ILogger<MarketOperator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = market.Validate().Select(e => $"Market: {e}").Concat(options.Validate().Select(e => $"Options: {e}")).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"The market operator of '{market.Id}' cannot run: {string.Join(" ", errors)}", nameof(market));
        }

        Market = market;
        _options = options;
        _participants = participants;
        _journal = journal;
        _time = timeProvider;
        _sinks = sinks?.ToArray() ?? [];
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _marketTag = new("market.id", market.Id.Value);
    }

    /// <summary>Gets the market.</summary>
    public MarketDefinition Market { get; }

    /// <summary>Gets where the operator is in its life.</summary>
    public MarketOperatorState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets the delivery periods whose books are open now, in time order (empty unless running).</summary>
    public IReadOnlyList<DeliveryPeriod> OpenPeriods
    {
        get
        {
            lock (_gate)
            {
                return _run?.State.OpenPeriods() ?? [];
            }
        }
    }

    /// <summary>Gets a participant's open orders (resting, or on their way to the book), by order id.</summary>
    /// <param name="participant">The participant.</param>
    /// <returns>The orders; empty unless running.</returns>
    public IReadOnlyList<OpenOrder> GetOpenOrders(ParticipantId participant)
    {
        lock (_gate)
        {
            return _run?.State.OpenOrdersOf(participant) ?? [];
        }
    }

    /// <summary>
    /// Starts the market: recovers the books from the journal's latest snapshot and the entries after it (re-emitting
    /// their events), then runs the schedule steps due now (opening the books of the horizon). Returns when the market takes orders.
    /// Does nothing when already running.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start (the operator is then stopped).</param>
    /// <returns>A task that completes when the market runs.</returns>
    /// <exception cref="InvalidDataException">The journal cannot be replayed: a payload is corrupt, or the market's quote asset or tick size changed since it was written.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                if (_state is MarketOperatorState.Running)
                {
                    return;
                }

                if (_state is MarketOperatorState.Faulted)
                {
                    throw new InvalidOperationException($"Market operator '{Market.Id}' faulted; call StopAsync before starting it again.", _fault);
                }

                _state = MarketOperatorState.Starting;
                _fault = null;
            }

            if (_journal is InMemoryOrderJournal)
            {
                Log.InMemoryOrderJournal(_logger, Market.Id);
            }

            var run = new Run(this);
            try
            {
                long snapshot, replayed;
                using (var activity = EnergySettlementTelemetry.ActivitySource.StartActivity(EnergySettlementTelemetry.RecoveryActivity))
                {
                    activity?.SetTag(_marketTag.Key, _marketTag.Value);
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    (snapshot, replayed) = await run.RecoverAsync(cancellationToken).ConfigureAwait(false);
                    EnergySettlementTelemetry.RecoveryDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, _marketTag);
                    activity?.SetTag("journal.snapshot", snapshot);
                    activity?.SetTag("journal.replayed", replayed);
                }

                lock (_gate)
                {
                    _run = run;
                    _state = MarketOperatorState.Running;
                }

                run.StartWriting();
                await RunScheduleAsync(cancellationToken).ConfigureAwait(false);
                Log.MarketStarted(_logger, Market.Id, snapshot, replayed, OpenPeriods.Count);
            }
            catch
            {
                await run.StopAsync(abandon: true).ConfigureAwait(false);
                run.Dispose();
                lock (_gate)
                {
                    _run = null;
                    _state = MarketOperatorState.Stopped;
                }

                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the market: takes no new entries, finishes those already queued (journaled commands are processed and their
    /// events delivered), and ends every <see cref="ReadEventsAsync"/> enumeration. A faulted operator is cleaned up and
    /// may then be started again.
    /// </summary>
    /// <param name="cancellationToken">When cancelled, abandons what is still queued (journaled commands are replayed at the next start).</param>
    /// <returns>A task that completes when the market has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Run? run;
            lock (_gate)
            {
                run = _run;
                if (run is null)
                {
                    return;
                }

                if (_state == MarketOperatorState.Running)
                {
                    _state = MarketOperatorState.Stopping;
                }
            }

            using (cancellationToken.Register(static r => ((Run)r!).Abandon(), run))
            {
                await run.StopAsync(abandon: false).ConfigureAwait(false);
            }

            run.Dispose();

            long sequence;
            lock (_gate)
            {
                sequence = run.State.LastSequence;
                _run = null;
                _state = MarketOperatorState.Stopped;
                foreach (var subscription in _subscriptions)
                {
                    subscription.Channel.Writer.TryComplete();
                }

                _subscriptions.Clear();
            }

            Log.MarketStopped(_logger, Market.Id, sequence);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the market (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes when the market has stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Places a limit bid (good until gate closure): buy up to <paramref name="quantity"/> at <paramref name="limitPrice"/> or less.</summary>
    /// <param name="participant">Who buys; must be registered.</param>
    /// <param name="period">The delivery period; its book must be open.</param>
    /// <param name="quantity">The energy; positive and within the participant's limits.</param>
    /// <param name="limitPrice">The highest price, on the market's tick grid and within its band.</param>
    /// <param name="cancellationToken">Stops waiting; see <see cref="SubmitAsync(OrderRequest, CancellationToken)"/>.</param>
    /// <returns>The result: accepted with the order's id, immediate trades and open rest; or rejected with a reason.</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    public ValueTask<OrderEntryResult> BuyAsync(ParticipantId participant, DeliveryPeriod period, Energy quantity, Price limitPrice, CancellationToken cancellationToken = default) =>
        SubmitAsync(new OrderRequest { Participant = participant, Period = period, Side = Side.Buy, Quantity = quantity, LimitPrice = limitPrice }, cancellationToken);

    /// <summary>Places a limit offer (good until gate closure): sell up to <paramref name="quantity"/> at <paramref name="limitPrice"/> or more.</summary>
    /// <param name="participant">Who sells; must be registered.</param>
    /// <param name="period">The delivery period; its book must be open.</param>
    /// <param name="quantity">The energy; positive and within the participant's limits.</param>
    /// <param name="limitPrice">The lowest price, on the market's tick grid and within its band.</param>
    /// <param name="cancellationToken">Stops waiting; see <see cref="SubmitAsync(OrderRequest, CancellationToken)"/>.</param>
    /// <returns>The result: accepted with the order's id, immediate trades and open rest; or rejected with a reason.</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    public ValueTask<OrderEntryResult> SellAsync(ParticipantId participant, DeliveryPeriod period, Energy quantity, Price limitPrice, CancellationToken cancellationToken = default) =>
        SubmitAsync(new OrderRequest { Participant = participant, Period = period, Side = Side.Sell, Quantity = quantity, LimitPrice = limitPrice }, cancellationToken);

    /// <summary>
    /// Places an order. Answers once the order is journaled, the engine has processed it and every sink has its events;
    /// a refusal the operator can tell without the engine is answered at once.
    /// </summary>
    /// <param name="request">The order.</param>
    /// <param name="cancellationToken">Stops waiting for queue space or for the answer. Once the order is queued it may still
    /// be placed: look it up with <see cref="GetOpenOrders"/> or in the events.</param>
    /// <returns>The result: accepted with the order's id, immediate trades and open rest; or rejected with a reason.</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>An order journal that fails while recording the order throws here; nothing was recorded or placed then.</remarks>
    public ValueTask<OrderEntryResult> SubmitAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = RunningOrThrow();
        if (CheckOrder(request, out var registration, out var priceTick) is { } refusal)
        {
            return new ValueTask<OrderEntryResult>(Refuse(request.Participant, refusal, countsAsOrder: true));
        }

        return EnqueueAsync(run, new PlaceIntake(request, registration!.Limits ?? _options.Limits, priceTick, registration.Zone, cancellationToken), cancellationToken);
    }

    /// <summary>Cancels a participant's own open order.</summary>
    /// <param name="participant">The participant asking; must own the order.</param>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Stops waiting (the cancel may still happen).</param>
    /// <returns>Accepted, or rejected (<see cref="OrderRejectionReason.UnknownOrder"/>, <see cref="OrderRejectionReason.NotOwner"/>, <see cref="OrderRejectionReason.BookClosed"/>, …).</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    public ValueTask<OrderEntryResult> CancelAsync(ParticipantId participant, OrderId order, CancellationToken cancellationToken = default) =>
        AmendAsync(MarketCommandKind.Cancel, participant, order, 0, cancellationToken);

    /// <summary>Reduces a participant's own open order, keeping its time priority; reducing by all that is open or more removes it.</summary>
    /// <param name="participant">The participant asking; must own the order.</param>
    /// <param name="order">The order.</param>
    /// <param name="reduceBy">The energy to remove; positive.</param>
    /// <param name="cancellationToken">Stops waiting (the reduction may still happen).</param>
    /// <returns>Accepted with what stays open, or rejected.</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    public ValueTask<OrderEntryResult> ReduceAsync(ParticipantId participant, OrderId order, Energy reduceBy, CancellationToken cancellationToken = default) =>
        AmendAsync(MarketCommandKind.Reduce, participant, order, reduceBy.WattHours, cancellationToken);

    /// <summary>Cancels any participant's open order as the market operator, on the owner's behalf (journaled and reported as done by the operator).</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Stops waiting (the cancel may still happen).</param>
    /// <returns>Accepted, or rejected.</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    public ValueTask<OrderEntryResult> CancelAsOperatorAsync(OrderId order, CancellationToken cancellationToken = default) =>
        AmendAsync(MarketCommandKind.Cancel, null, order, 0, cancellationToken);

    /// <summary>Reduces any participant's open order as the market operator, on the owner's behalf.</summary>
    /// <param name="order">The order.</param>
    /// <param name="reduceBy">The energy to remove; positive.</param>
    /// <param name="cancellationToken">Stops waiting (the reduction may still happen).</param>
    /// <returns>Accepted with what stays open, or rejected.</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    public ValueTask<OrderEntryResult> ReduceAsOperatorAsync(OrderId order, Energy reduceBy, CancellationToken cancellationToken = default) =>
        AmendAsync(MarketCommandKind.Reduce, null, order, reduceBy.WattHours, cancellationToken);

    /// <summary>
    /// Runs every schedule step due at the <see cref="TimeProvider"/>'s current time (openings, auctions, gate closures, in
    /// time order) and returns when they are journaled and their events, and those of every command before them,
    /// delivered to the sinks. The timer does this by itself; hosts that step time themselves call it.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the steps still run).</param>
    /// <returns>A task that completes when the steps have run.</returns>
    /// <exception cref="InvalidOperationException">The operator is not running.</exception>
    public async Task RunScheduleAsync(CancellationToken cancellationToken = default)
    {
        var run = RunningOrThrow();
        await EnqueueAsync(run, new TickIntake(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the market's events from now on, in journal order, until the operator stops. The market does not wait for
    /// readers: one that falls more than <see cref="MarketOperatorOptions.SubscriberBufferCapacity"/> events behind ends
    /// with <see cref="EventSubscriptionOverflowException"/> (register an <see cref="IMarketEventSink"/> to be waited for).
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The events; the subscription starts when this method is called, not when enumeration starts.</returns>
    public IAsyncEnumerable<MarketEvent> ReadEventsAsync(CancellationToken cancellationToken = default)
    {
        var subscription = new Subscription(Channel.CreateBounded<MarketEvent>(new BoundedChannelOptions(_options.SubscriberBufferCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        }));
        lock (_gate)
        {
            if (_state is MarketOperatorState.Running or MarketOperatorState.Starting or MarketOperatorState.Created)
            {
                _subscriptions.Add(subscription);
            }
            else
            {
                subscription.Channel.Writer.TryComplete();
            }
        }

        return ReadAsync(subscription, cancellationToken);
    }

    private async IAsyncEnumerable<MarketEvent> ReadAsync(Subscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var marketEvent in subscription.Channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return marketEvent;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscriptions.Remove(subscription);
            }
        }
    }

    private ValueTask<OrderEntryResult> AmendAsync(MarketCommandKind kind, ParticipantId? participant, OrderId order, long quantity, CancellationToken cancellationToken)
    {
        var run = RunningOrThrow();
        if (participant is { } asking && _participants.Find(asking) is null)
        {
            return new ValueTask<OrderEntryResult>(Refuse(asking, OrderEntryResult.Rejected(OrderRejectionReason.UnknownParticipant,
                $"Participant '{asking}' is not registered.", order), countsAsOrder: false));
        }

        if (kind == MarketCommandKind.Reduce && quantity <= 0)
        {
            return new ValueTask<OrderEntryResult>(Refuse(participant ?? default, OrderEntryResult.Rejected(OrderRejectionReason.NonPositiveQuantity,
                $"A reduction must be positive; found {quantity} Wh.", order), countsAsOrder: false));
        }

        return EnqueueAsync(run, new AmendIntake(kind, participant, order, quantity, cancellationToken), cancellationToken);
    }

    private static async ValueTask<OrderEntryResult> EnqueueAsync(Run run, Intake item, CancellationToken cancellationToken)
    {
        try
        {
            await run.Intake.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new InvalidOperationException("The market operator is stopping and takes no new entries.", e);
        }

        return await item.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false) ?? EmptyResult;
    }

    private static readonly OrderEntryResult EmptyResult = OrderEntryResult.Accepted(default, 0, [], default);

    private Run RunningOrThrow()
    {
        lock (_gate)
        {
            return _state == MarketOperatorState.Running && _run is { } run
                ? run
                : throw new InvalidOperationException($"Market operator '{Market.Id}' is {_state}, not running; call StartAsync first.", _fault);
        }
    }

    /// <summary>The checks that need no state: registration, order shape, flags, price grid and band, size.</summary>
    private OrderEntryResult? CheckOrder(OrderRequest request, out ParticipantRegistration? registration, out long priceTick)
    {
        priceTick = 0;
        registration = _participants.Find(request.Participant);
        if (registration is null)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.UnknownParticipant, $"Participant '{request.Participant}' is not registered.");
        }

        var limits = registration.Limits ?? _options.Limits;
        if (!Enum.IsDefined(request.Side) || !Enum.IsDefined(request.Type))
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.InvalidOrder, $"Side {request.Side} or order type {request.Type} is not defined.");
        }

        if (request.Period.Length != Market.PeriodLength)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.WrongPeriodLength, $"The period {request.Period} does not have the market's length {Market.PeriodLength}.");
        }

        if (Market.Schedule.IsAuction && request.Type != OrderType.Limit)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.OrderTypeNotAllowed, $"A {Market.Schedule} market takes limit orders only; found {request.Type}.");
        }

        if (((request.AttributeFlags | request.RequiredFlags) & ~OrderAttributes.AllFlags) != 0)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.InvalidFlags,
                $"Attribute and requirement flags must lie within 0x{OrderAttributes.AllFlags:X}; found 0x{request.AttributeFlags:X} and 0x{request.RequiredFlags:X}.");
        }

        if (Market.Schedule.IsAuction && request.RequiredFlags != 0)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.RequirementsNotAllowed,
                $"A {Market.Schedule} market clears all orders in one pool and cannot honour requirement flags (0x{request.RequiredFlags:X}) on the counterparty.");
        }

        if (CheckPrice(request, out priceTick) is { } priceRefusal)
        {
            return priceRefusal;
        }

        var quantity = request.Quantity;
        if (quantity.WattHours <= 0)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.NonPositiveQuantity, $"The quantity must be positive; found {quantity}.");
        }

        return quantity > limits.MaxOrderQuantity
            ? OrderEntryResult.Rejected(OrderRejectionReason.OrderTooLarge, $"The order of {quantity} is larger than the {limits.MaxOrderQuantity} participant '{request.Participant}' may place.")
            : null;
    }

    private OrderEntryResult? CheckPrice(OrderRequest request, out long priceTick)
    {
        priceTick = 0;
        if (request.Type == OrderType.Market)
        {
            return request.LimitPrice is null
                ? null
                : OrderEntryResult.Rejected(OrderRejectionReason.UnexpectedLimitPrice, "A market order takes the market's best price and carries no limit price.");
        }

        if (request.LimitPrice is not { } limit)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.MissingLimitPrice, $"A {request.Type} order needs a limit price.");
        }

        if (limit == default || limit.Asset != Market.QuoteAsset)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.WrongAsset, $"The limit price must be in {Market.QuoteAsset.Symbol}; found {(limit == default ? "none" : limit.ToString())}.");
        }

        if (limit < Market.MinPrice || limit > Market.MaxPrice)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.PriceOutOfBand, $"The limit price {limit} lies outside the market's band {Market.MinPrice} .. {Market.MaxPrice}.");
        }

        var (ticks, remainder) = Int128.DivRem(limit.PerKilowattHour.Amount, Market.TickSize.Amount);
        if (remainder != 0)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.PriceOffTickGrid, $"The limit price {limit} is not a multiple of the tick size {Market.TickSize}/kWh.");
        }

        priceTick = (long)ticks;
        return null;
    }

    private OrderEntryResult Refuse(ParticipantId participant, OrderEntryResult refusal, bool countsAsOrder)
    {
        if (countsAsOrder)
        {
            EnergySettlementTelemetry.OrdersRejected.Add(1, _marketTag, new("reason", refusal.Reason.ToString()));
        }

        Log.OrderEntryRejected(_logger, Market.Id, participant, refusal.Reason, refusal.Detail);
        return refusal;
    }

    /// <summary>Stops the market after an unexpected failure: every waiting caller gets an exception, nothing more is journaled.</summary>
    private void Fault(Exception exception)
    {
        Run? run;
        lock (_gate)
        {
            if (_state is MarketOperatorState.Faulted or MarketOperatorState.Stopped or MarketOperatorState.Created)
            {
                return;
            }

            _state = MarketOperatorState.Faulted;
            _fault = exception;
            run = _run;
            foreach (var subscription in _subscriptions)
            {
                subscription.Channel.Writer.TryComplete(new InvalidOperationException($"Market operator '{Market.Id}' faulted.", exception));
            }

            _subscriptions.Clear();
        }

        Log.MarketFaulted(_logger, Market.Id, exception);
        run?.Abandon();
    }

    private sealed record Subscription(Channel<MarketEvent> Channel)
    {
        public long LastDelivered { get; set; }
    }

    /// <summary>An order entry or schedule tick waiting to be admitted by the journal writer.</summary>
    private abstract class Intake(CancellationToken cancellationToken)
    {
        public TaskCompletionSource<OrderEntryResult?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken CancellationToken { get; } = cancellationToken;
    }

    private sealed class PlaceIntake(OrderRequest request, ParticipantLimits limits, long priceTick, ZoneId? zone, CancellationToken cancellationToken) : Intake(cancellationToken)
    {
        public OrderRequest Request { get; } = request;

        public ZoneId? Zone { get; } = zone;

        public ParticipantLimits Limits { get; } = limits;

        public long PriceTick { get; } = priceTick;
    }

    private sealed class AmendIntake(MarketCommandKind kind, ParticipantId? requester, OrderId order, long quantity, CancellationToken cancellationToken) : Intake(cancellationToken)
    {
        public MarketCommandKind Kind { get; } = kind;

        public ParticipantId? Requester { get; } = requester;

        public OrderId Order { get; } = order;

        public long Quantity { get; } = quantity;
    }

    private sealed class TickIntake(CancellationToken cancellationToken) : Intake(cancellationToken);

    [SuppressMessage("Performance", "CA1812", Justification = "Created by Run.")]
    private sealed record InFlight(MarketCommand Command, Intake? Origin, bool Replayed);

    private sealed record Completed(long Sequence, MarketCommand Command, List<MarketEvent> Events, Intake? Origin, OrderEntryResult? Result, CommandOutcome Outcome, bool Replayed);
}
