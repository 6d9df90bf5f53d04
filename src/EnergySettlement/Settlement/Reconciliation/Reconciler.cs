namespace EnergySettlement.Settlement;

/// <summary>
/// Reconciles each period's trades with the participants' readings: allocates each seller's export to its sell trades and
/// each buyer's import to its buy trades by <see cref="ProRataAllocation"/>, takes the smaller allocation as delivered,
/// holds trades (or assumes readings) where a reading is missing, and works out every known participant's imbalance.
/// </summary>
/// <remarks>One instance per plan; it reuses its scratch arrays from period to period. Not thread-safe.</remarks>
internal sealed class Reconciler
{
    private readonly PlanningInput _input;
    private readonly MissingReadingPolicy _policy;
    private readonly int[] _offsets;
    private readonly int[] _cursor;
    private readonly long[] _boughtDelivered;
    private readonly long[] _soldDelivered;
    private readonly long[] _boughtContracted;
    private readonly long[] _soldContracted;
    private readonly bool[] _held;
    private readonly bool[] _provisional;
    private readonly bool[] _assumed;
    private readonly bool[] _touched;
    private readonly List<int> _touchedList = [];

    // Per trade of the plan (indices into PlanningInput.Trades): what each side's allocation gave it, and whether it
    // rests on an assumed reading. The plan's deliveries are read from these (TradeDeliveryList) rather than kept as
    // a million objects.
    private readonly long[] _sellerAllocation;
    private readonly long[] _buyerAllocation;
    private readonly bool[] _provisionalTrade;
    private readonly List<int> _heldTrades = [];
    private int[] _order = [];
    private long[] _contracted = [];
    private long[] _allocated = [];
    private long[] _remainders = [];
    private int[] _rank = [];

    public Reconciler(PlanningInput input, MissingReadingPolicy policy)
    {
        _input = input;
        _policy = policy;
        var n = input.Participants.Length;
        _offsets = new int[n + 1];
        _cursor = new int[n];
        _boughtDelivered = new long[n];
        _soldDelivered = new long[n];
        _boughtContracted = new long[n];
        _soldContracted = new long[n];
        _held = new bool[n];
        _provisional = new bool[n];
        _assumed = new bool[n];
        _touched = new bool[n];
        _sellerAllocation = new long[input.Trades.Length];
        _buyerAllocation = new long[input.Trades.Length];
        _provisionalTrade = new bool[input.Trades.Length];
    }

    /// <summary>Gets the deliveries of every period reconciled so far: each trade not held, in trade order.</summary>
    public TradeDeliveryList Deliveries() => new(_input.Trades, _sellerAllocation, _buyerAllocation, _provisionalTrade, _heldTrades);

    public ReconciledPeriod Reconcile(int period, List<ImbalancePosition> imbalances, List<HeldTrade> held, List<ParticipantReading> readingsUsed)
    {
        var start = _input.PeriodStarts[period];
        var count = _input.PeriodStarts[period + 1] - start;
        var sellerAllocation = _sellerAllocation.AsSpan(start, count);
        var buyerAllocation = _buyerAllocation.AsSpan(start, count);
        var provisionalBySeller = new bool[count];
        var provisionalByBuyer = new bool[count];
        if (_order.Length < count)
        {
            _order = new int[count];
        }

        AllocateSide(period, start, count, _input.Seller, exported: true, sellerAllocation, provisionalBySeller);
        AllocateSide(period, start, count, _input.Buyer, exported: false, buyerAllocation, provisionalByBuyer);
        if (_input.ReadersByPeriod[period] is { } readers)
        {
            foreach (var participant in readers)
            {
                Touch(participant);
            }
        }

        var delivered = new long[count];
        var provisional = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var trade = _input.Trades[start + i];
            var seller = _input.Seller[start + i];
            var buyer = _input.Buyer[start + i];
            _soldContracted[seller] += trade.Quantity.WattHours;
            _boughtContracted[buyer] += trade.Quantity.WattHours;
            var sold = sellerAllocation[i];
            var bought = buyerAllocation[i];
            if (sold < 0 || bought < 0)
            {
                delivered[i] = -1;
                _held[seller] = true;
                _held[buyer] = true;
                var reason = sold < 0 && bought < 0 ? HoldReason.BothReadingsMissing : sold < 0 ? HoldReason.SellerReadingMissing : HoldReason.BuyerReadingMissing;
                held.Add(new HeldTrade(trade, reason));
                _heldTrades.Add(start + i);
                continue;
            }

            var energy = Math.Min(sold, bought);
            var assumed = provisionalBySeller[i] || provisionalByBuyer[i];
            delivered[i] = energy;
            provisional[i] = assumed;
            _provisionalTrade[start + i] = assumed;
            _soldDelivered[seller] += energy;
            _boughtDelivered[buyer] += energy;
            if (assumed)
            {
                _provisional[seller] = true;
                _provisional[buyer] = true;
            }
        }

        var found = new List<ReconciledPeriod.Imbalance>();
        _touchedList.Sort();
        foreach (var participant in _touchedList)
        {
            var known = _input.Readings.TryGetValue((period, participant), out var reading);
            if (known)
            {
                readingsUsed.Add(reading!);
            }

            if (!_held[participant] && (known || _assumed[participant]))
            {
                // An assumed reading is exactly the participant's contracts: it imported what it bought and exported what it sold.
                var imported = known ? reading!.Imported.WattHours : _boughtContracted[participant];
                var exported = known ? reading!.Exported.WattHours : _soldContracted[participant];
                var entry = new ReconciledPeriod.Imbalance(
                    participant,
                    imported - _boughtDelivered[participant],
                    exported - _soldDelivered[participant],
                    _assumed[participant] || _provisional[participant]);
                found.Add(entry);
                imbalances.Add(new ImbalancePosition(_input.Participants[participant].Id, _input.Periods[period], new Energy(entry.Shortfall), new Energy(entry.Surplus), entry.Provisional));
            }

            Reset(participant);
        }

        _touchedList.Clear();
        return new ReconciledPeriod(period, start, delivered, provisional, found);
    }

    private void AllocateSide(int period, int start, int count, int[] partyOf, bool exported, Span<long> allocation, bool[] provisional)
    {
        var n = _input.Participants.Length;
        Array.Clear(_offsets);
        for (var i = 0; i < count; i++)
        {
            _offsets[partyOf[start + i] + 1]++;
        }

        for (var p = 0; p < n; p++)
        {
            _offsets[p + 1] += _offsets[p];
        }

        Array.Copy(_offsets, _cursor, n);
        for (var i = 0; i < count; i++)
        {
            // Trades are in canonical order, so each participant's group is too.
            _order[_cursor[partyOf[start + i]]++] = i;
        }

        for (var p = 0; p < n; p++)
        {
            var from = _offsets[p];
            var size = _offsets[p + 1] - from;
            if (size == 0)
            {
                continue;
            }

            Touch(p);
            var group = _order.AsSpan(from, size);
            if (_input.Readings.TryGetValue((period, p), out var reading))
            {
                EnsureScratch(size);
                for (var j = 0; j < size; j++)
                {
                    _contracted[j] = _input.Trades[start + group[j]].Quantity.WattHours;
                }

                var measured = exported ? reading.Exported.WattHours : reading.Imported.WattHours;
                ProRataAllocation.Allocate(measured, _contracted.AsSpan(0, size), _allocated.AsSpan(0, size), _remainders, _rank);
                for (var j = 0; j < size; j++)
                {
                    allocation[group[j]] = _allocated[j];
                }
            }
            else if (_policy == MissingReadingPolicy.Hold)
            {
                foreach (var i in group)
                {
                    allocation[i] = -1;
                }
            }
            else
            {
                _assumed[p] = true;
                foreach (var i in group)
                {
                    allocation[i] = _input.Trades[start + i].Quantity.WattHours;
                    provisional[i] = true;
                }
            }
        }
    }

    private void EnsureScratch(int size)
    {
        if (_contracted.Length < size)
        {
            _contracted = new long[size];
            _allocated = new long[size];
            _remainders = new long[size];
            _rank = new int[size];
        }
    }

    private void Touch(int participant)
    {
        if (!_touched[participant])
        {
            _touched[participant] = true;
            _touchedList.Add(participant);
        }
    }

    private void Reset(int participant)
    {
        _touched[participant] = false;
        _held[participant] = false;
        _provisional[participant] = false;
        _assumed[participant] = false;
        _boughtDelivered[participant] = 0;
        _soldDelivered[participant] = 0;
        _boughtContracted[participant] = 0;
        _soldContracted[participant] = 0;
    }
}
