using System.Runtime.InteropServices;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// Turns a reconciled period into obligations: what each subject (a trade; a buyer's grid fee or network fee; a
/// participant's shortfall or surplus) should amount to now, minus what is already settled for it. The difference is a
/// new obligation — the original when nothing was settled yet, otherwise an adjustment that names the original.
/// Settled obligations are never changed.
/// </summary>
/// <remarks>One instance per plan. Not thread-safe.</remarks>
internal sealed class ObligationPlanner
{
    private const long WattHoursPerKilowattHour = 1000;

    // Trades per chunk of parallel work; fixed, so the work is cut the same way on every machine.
    private const int ChunkSize = 16_384;
    private readonly PlanningInput _input;
    private readonly RoundingMode _rounding;
    private readonly List<Obligation> _obligations;
    private readonly List<(int Payer, int Payee)> _parties;
    private readonly long[] _feeEnergy;
    private readonly long[] _networkEnergy;
    private readonly Int128[] _networkCost;
    private readonly bool[] _buyerSeen;
    private readonly List<int> _buyers = [];
    private readonly TradeIdFormatter _tradeIds = new();

    public ObligationPlanner(PlanningInput input, RoundingMode rounding, List<Obligation> obligations, List<(int Payer, int Payee)> parties)
    {
        _input = input;
        _rounding = rounding;
        _obligations = obligations;
        _parties = parties;
        var n = input.Participants.Length;
        _feeEnergy = new long[n];
        _networkEnergy = new long[n];
        _networkCost = new Int128[n];
        _buyerSeen = new bool[n];
    }

    public void Plan(ReconciledPeriod reconciled)
    {
        var period = reconciled.Period;
        var history = _input.Settled.TryGetValue(period, out var settled) ? SubjectHistory.Index(settled, _input, period) : null;
        var gridOperator = _input.Operator;
        var gridFee = _input.Market.GridFeePerKilowattHour;
        if (history is null)
        {
            // The usual case, nothing settled yet for the period: the trades' obligations are originals, made and
            // hashed on every core (TradeObligations), then the fees are summed here.
            TradeObligations(reconciled);
        }

        for (var i = 0; i < reconciled.Delivered.Length; i++)
        {
            var energy = reconciled.Delivered[i];
            if (energy < 0)
            {
                continue;
            }

            var t = reconciled.Start + i;
            var trade = _input.Trades[t];
            var buyer = _input.Buyer[t];
            if (history is not null)
            {
                var value = trade.Price.CostOf(new Energy(energy), _rounding).Amount;
                var tradeId = _tradeIds.Format(trade);
                Emit(history, period, ObligationReason.Trade, tradeId.Value, buyer, _input.Seller[t], value, energy, tradeId, reconciled.Provisional[i]);
            }

            if (gridOperator >= 0 && buyer != gridOperator)
            {
                if (!_buyerSeen[buyer])
                {
                    _buyerSeen[buyer] = true;
                    _buyers.Add(buyer);
                }

                _feeEnergy[buyer] += energy;
                if (trade.NetworkFee is { } fee && !fee.PerKilowattHour.IsZero)
                {
                    _networkEnergy[buyer] += energy;
                    _networkCost[buyer] += fee.PerKilowattHour.Amount * energy;
                }
            }
        }

        _buyers.Sort();
        foreach (var buyer in _buyers)
        {
            // Fees are charged on the buyer's delivered energy in the period, rounded once (not once per trade).
            var subject = _input.Participants[buyer].Id.Value;
            if (gridFee is { } price)
            {
                var amount = price.CostOf(new Energy(_feeEnergy[buyer]), _rounding).Amount;
                Emit(history, period, ObligationReason.GridFee, subject, buyer, gridOperator, amount, _feeEnergy[buyer], null, false);
            }

            if (_networkEnergy[buyer] > 0 || history is not null)
            {
                var amount = IntegerDivision.Divide(_networkCost[buyer], WattHoursPerKilowattHour, _rounding);
                Emit(history, period, ObligationReason.NetworkFee, subject, buyer, gridOperator, amount, _networkEnergy[buyer], null, false);
            }

            _buyerSeen[buyer] = false;
            _feeEnergy[buyer] = 0;
            _networkEnergy[buyer] = 0;
            _networkCost[buyer] = 0;
        }

        _buyers.Clear();
        if (_input.Imbalance is { } prices)
        {
            foreach (var position in reconciled.Imbalances)
            {
                var participant = position.Participant;
                if (participant == gridOperator)
                {
                    continue; // The balancing party does not settle an imbalance with itself.
                }

                var subject = _input.Participants[participant].Id.Value;
                var shortfall = prices.ShortfallPrice.CostOf(new Energy(position.Shortfall), _rounding).Amount;
                Emit(history, period, ObligationReason.ImbalanceShortfall, subject, participant, gridOperator, shortfall, position.Shortfall, null, position.Provisional);
                var surplus = prices.SurplusPrice.CostOf(new Energy(position.Surplus), _rounding).Amount;
                Emit(history, period, ObligationReason.ImbalanceSurplus, subject, gridOperator, participant, surplus, position.Surplus, null, position.Provisional);
            }
        }
    }

    /// <summary>
    /// Appends the obligation of every delivered trade of a period with nothing settled (an original for its value, buyer
    /// to seller, or seller to buyer when the value is negative; none when it is zero), in trade order, with its id.
    /// Deterministic on any number of cores: the trades are cut into fixed chunks; the first pass counts each chunk's
    /// obligations, the second writes each chunk's at its own offset and hashes them eight at a time.
    /// </summary>
    private void TradeObligations(ReconciledPeriod reconciled)
    {
        var count = reconciled.Delivered.Length;
        var chunks = (count + ChunkSize - 1) / ChunkSize;
        var offsets = new int[chunks + 1];
        ParallelChunks.Run(chunks, chunk =>
        {
            var (from, end) = ChunkRange(chunk, count);
            var made = 0;
            for (var i = from; i < end; i++)
            {
                if (reconciled.Delivered[i] >= 0 && !Value(reconciled, i).IsZero)
                {
                    made++;
                }
            }

            offsets[chunk + 1] = made;
        });

        for (var chunk = 0; chunk < chunks; chunk++)
        {
            offsets[chunk + 1] += offsets[chunk];
        }

        var first = _obligations.Count;
        CollectionsMarshal.SetCount(_obligations, first + offsets[chunks]);
        CollectionsMarshal.SetCount(_parties, first + offsets[chunks]);
        var market = _input.Window.Market;
        var period = _input.Periods[reconciled.Period];
        ParallelChunks.Run(chunks, chunk =>
        {
            var (from, end) = ChunkRange(chunk, count);
            var obligations = CollectionsMarshal.AsSpan(_obligations);
            var parties = CollectionsMarshal.AsSpan(_parties);
            var at = first + offsets[chunk];
            for (var i = from; i < end; i++)
            {
                var energy = reconciled.Delivered[i];
                if (energy < 0)
                {
                    continue;
                }

                var value = Value(reconciled, i);
                if (value.IsZero)
                {
                    continue;
                }

                var t = reconciled.Start + i;
                var (payer, payee) = value.IsNegative ? (_input.Seller[t], _input.Buyer[t]) : (_input.Buyer[t], _input.Seller[t]);
                obligations[at] = new Obligation(market, period, _input.Participants[payer].Id, _input.Participants[payee].Id, value.IsNegative ? -value : value, new Energy(energy), _input.Trades[t], reconciled.Provisional[i]);
                parties[at] = (payer, payee);
                at++;
            }

            ContentIds.ComputeRange(_obligations, first + offsets[chunk], first + offsets[chunk + 1]);
        });
    }

    private Money Value(ReconciledPeriod reconciled, int i) => _input.Trades[reconciled.Start + i].Price.CostOf(new Energy(reconciled.Delivered[i]), _rounding);

    private static (int From, int End) ChunkRange(int chunk, int count) => (chunk * ChunkSize, Math.Min(count, (chunk + 1) * ChunkSize));

    /// <summary>Emits what the subject still needs: <paramref name="target"/> (signed, in the direction payer → payee)
    /// less what is settled for it.</summary>
    private void Emit(SubjectHistory? history, int period, ObligationReason reason, string? subject, int payer, int payee, Int128 target, long energy, TradeId? trade, bool provisional)
    {
        var past = history?.Find(reason, subject!);
        var delta = target - (past?.Net ?? Int128.Zero);
        if (delta == 0)
        {
            return;
        }

        var (from, to) = delta > 0 ? (payer, payee) : (payee, payer);
        var sequence = past is null ? 0 : past.LastSequence + 1;
        _obligations.Add(new Obligation(
            _input.Window.Market,
            _input.Periods[period],
            reason,
            _input.Participants[from].Id,
            _input.Participants[to].Id,
            new Money(Int128.Abs(delta), _input.Quote),
            new Energy(energy),
            trade,
            provisional,
            past?.Original.Id,
            sequence));
        _parties.Add((from, to));
    }
}
