using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// The obligations already settled in one period, by subject: for each, the original obligation, the last adjustment's
/// sequence and the net settled amount in the subject's own direction (buyer → seller for a trade, participant → grid
/// operator for fees and shortfall, grid operator → participant for surplus).
/// </summary>
internal sealed class SubjectHistory
{
    private readonly Dictionary<(ObligationReason, string), Entry> _entries = [];

    public static SubjectHistory Index(List<Obligation> settled, PlanningInput input, int period)
    {
        var start = input.PeriodStarts[period];
        var end = input.PeriodStarts[period + 1];
        var buyers = new Dictionary<TradeId, ParticipantId>(end - start);
        for (var t = start; t < end; t++)
        {
            buyers.Add(input.Trades[t].Id, input.Trades[t].Buyer);
        }

        var history = new SubjectHistory();
        var gridOperator = input.Market.GridOperator;
        foreach (var obligation in settled)
        {
            string subject;
            bool forward;
            if (obligation.Reason == ObligationReason.Trade)
            {
                var trade = obligation.Trade!.Value;
                if (!buyers.TryGetValue(trade, out var buyer))
                {
                    throw new SettlementPlanningException(SettlementPlanningError.InvalidRequest, $"Settled obligation {obligation.Id} is for trade {trade}, which is not among the request's trades of {obligation.Period}: pass every trade of a reopened period.");
                }

                subject = trade.Value;
                forward = obligation.Payer == buyer;
            }
            else
            {
                if (gridOperator is not { } op || (obligation.Payer != op && obligation.Payee != op))
                {
                    throw new SettlementPlanningException(SettlementPlanningError.InvalidRequest, $"Settled obligation {obligation.Id} ({obligation.Reason}) is not with the market's grid operator '{gridOperator}'.");
                }

                var participant = obligation.Payer == op ? obligation.Payee : obligation.Payer;
                subject = participant.Value;
                forward = obligation.Reason == ObligationReason.ImbalanceSurplus ? obligation.Payee == participant : obligation.Payer == participant;
            }

            var key = (obligation.Reason, subject);
            if (!history._entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                history._entries.Add(key, entry);
            }

            entry.Add(obligation, forward);
        }

        foreach (var ((reason, subject), entry) in history._entries)
        {
            if (entry.OriginalOrNull is not { } original || entry.Adjusted.Any(a => a != original.Id))
            {
                throw new SettlementPlanningException(SettlementPlanningError.InvalidRequest, $"The settled obligations for {reason} of '{subject}' in {input.Periods[period]} hold adjustments that do not all adjust one original among them.");
            }
        }

        return history;
    }

    public Entry? Find(ObligationReason reason, string subject) => _entries.TryGetValue((reason, subject), out var entry) ? entry : null;

    public sealed class Entry
    {
        public Obligation? OriginalOrNull { get; private set; }

        public Obligation Original => OriginalOrNull!;

        public int LastSequence { get; private set; }

        public List<ObligationId> Adjusted { get; } = [];

        public Int128 Net { get; private set; }

        public void Add(Obligation obligation, bool forward)
        {
            if (!obligation.IsAdjustment)
            {
                if (OriginalOrNull is not null)
                {
                    throw new SettlementPlanningException(SettlementPlanningError.InvalidRequest, $"Settled obligations {OriginalOrNull.Id} and {obligation.Id} are both originals of the same subject ({obligation.Reason} in {obligation.Period}).");
                }

                OriginalOrNull = obligation;
            }
            else
            {
                Adjusted.Add(obligation.Adjusts!.Value);
            }

            LastSequence = Math.Max(LastSequence, obligation.Sequence);
            Net += forward ? obligation.Amount.Amount : -obligation.Amount.Amount;
        }
    }
}
