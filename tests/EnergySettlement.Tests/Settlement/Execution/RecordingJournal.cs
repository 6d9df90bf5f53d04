using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>
/// A journal decorator that logs every batch write into a shared event list ("journal:Prepared:tx…") and can be told to
/// fail writes: before they reach the journal (nothing written), or after (written, but the caller sees an error).
/// </summary>
internal sealed class RecordingJournal(ISettlementJournal inner, List<string> events) : ISettlementJournal
{
    private int _failBefore;
    private int _failAfter;

    private int _failPlanBefore;
    private int _failPlanAfter;

    public ISettlementJournal Inner => inner;

    /// <summary>Makes the next plan write throw without writing (<paramref name="afterCommit"/> false) or after writing (true).</summary>
    public void FailNextPlanWrite(bool afterCommit)
    {
        if (afterCommit)
        {
            _failPlanAfter = 1;
        }
        else
        {
            _failPlanBefore = 1;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> transition writes throw without writing.</summary>
    public void FailNextWrites(int count) => _failBefore = count;

    /// <summary>Makes the next <paramref name="count"/> transition writes succeed, then throw as if they had not.</summary>
    public void FailNextWritesAfterCommit(int count) => _failAfter = count;

    public async Task<JournalWriteOutcome> AppendTransitionAsync(BatchTransition transition, CancellationToken cancellationToken = default)
    {
        if (_failBefore > 0)
        {
            _failBefore--;
            events.Add($"journal-failed:{transition.Kind}:{transition.BatchId}");
            throw new IOException("disk I/O error (injected)");
        }

        var outcome = await inner.AppendTransitionAsync(transition, cancellationToken);
        events.Add($"journal:{transition.Kind}:{transition.BatchId}:{transition.TransactionId}:{transition.State}");
        if (_failAfter > 0)
        {
            _failAfter--;
            throw new TimeoutException("the commit's answer was lost (injected)");
        }

        return outcome;
    }

    public Task<int> AppendBatchesAsync(IReadOnlyList<SettlementBatchRecord> batches, CancellationToken cancellationToken = default) => inner.AppendBatchesAsync(batches, cancellationToken);

    public Task<JournalWriteOutcome> AppendReadingAsync(RecordedReading reading, CancellationToken cancellationToken = default) => inner.AppendReadingAsync(reading, cancellationToken);

    public Task<int> AppendReadingsAsync(IReadOnlyList<RecordedReading> readings, CancellationToken cancellationToken = default) => inner.AppendReadingsAsync(readings, cancellationToken);

    public Task<int> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken = default) => inner.AppendTradesAsync(trades, cancellationToken);

    public Task<ReadingNeighbours> FindNeighbourReadingsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken = default) => inner.FindNeighbourReadingsAsync(meter, periodStart, cancellationToken);

    public Task<BatchHistory?> GetBatchAsync(SettlementBatchId batchId, CancellationToken cancellationToken = default) => inner.GetBatchAsync(batchId, cancellationToken);

    public Task<IReadOnlyList<RecordedReading>> GetLatestReadingsAsync(DeliveryPeriod period, CancellationToken cancellationToken = default) => inner.GetLatestReadingsAsync(period, cancellationToken);

    public Task<IReadOnlyList<BatchHistory>> GetOpenBatchesAsync(DateTimeOffset finalizedSince, CancellationToken cancellationToken = default) => inner.GetOpenBatchesAsync(finalizedSince, cancellationToken);

    public Task<IReadOnlyList<RecordedReading>> GetReadingRevisionsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken = default) => inner.GetReadingRevisionsAsync(meter, periodStart, cancellationToken);

    public Task<IReadOnlyList<RecordedReading>> GetReadingsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) => inner.GetReadingsAfterAsync(afterPosition, maxCount, cancellationToken);

    public Task<IReadOnlyList<Trade>> GetTradesAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default) => inner.GetTradesAsync(market, period, cancellationToken);

    public Task<IReadOnlyList<BatchTransition>> GetTransitionsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) => inner.GetTransitionsAfterAsync(afterPosition, maxCount, cancellationToken);

    public async Task<JournalWriteOutcome> AppendPlanAsync(RecordedPlan plan, CancellationToken cancellationToken = default)
    {
        if (_failPlanBefore > 0)
        {
            _failPlanBefore--;
            throw new IOException("disk I/O error (injected)");
        }

        var outcome = await inner.AppendPlanAsync(plan, cancellationToken);
        if (_failPlanAfter > 0)
        {
            _failPlanAfter--;
            throw new TimeoutException("the commit's answer was lost (injected)");
        }

        return outcome;
    }

    public Task<RecordedPlan?> GetPlanAsync(SettlementWindowId window, CancellationToken cancellationToken = default) => inner.GetPlanAsync(window, cancellationToken);

    public Task<RecordedPlan?> GetLatestPlanAsync(MarketId market, CancellationToken cancellationToken = default) => inner.GetLatestPlanAsync(market, cancellationToken);

    public Task<IReadOnlyList<RecordedPlan>> GetPlansCoveringAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default) => inner.GetPlansCoveringAsync(market, period, cancellationToken);

    public Task<IReadOnlyList<RecordedPlan>> GetPlansForParticipantAsync(ParticipantId participant, DateTimeOffset startsFrom, DateTimeOffset startsBefore, CancellationToken cancellationToken = default) => inner.GetPlansForParticipantAsync(participant, startsFrom, startsBefore, cancellationToken);

    public Task<IReadOnlyList<Obligation>> GetObligationsAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default) => inner.GetObligationsAsync(market, period, cancellationToken);

    public Task<IReadOnlyList<CarriedAmount>> GetOpenCarriedAmountsAsync(MarketId market, CancellationToken cancellationToken = default) => inner.GetOpenCarriedAmountsAsync(market, cancellationToken);

    public Task<IReadOnlyList<HeldTrade>> GetHeldTradesAsync(MarketId market, CancellationToken cancellationToken = default) => inner.GetHeldTradesAsync(market, cancellationToken);
}
