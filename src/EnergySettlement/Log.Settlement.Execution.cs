using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using Microsoft.Extensions.Logging;

namespace EnergySettlement;

/// <summary>The settlement service's log lines (event ids 1300–1399): batches, chains, recovery, readings intake.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Prepared batch {BatchId} on {ChainId}: transaction {TransactionId} (attempt {Attempt})")]
    public static partial void BatchPrepared(ILogger logger, SettlementBatchId batchId, ChainId chainId, ChainTransactionId transactionId, int attempt);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Sent transaction {TransactionId} of batch {BatchId} to {ChainId}: {Result}")]
    public static partial void BatchSubmitted(ILogger logger, ChainTransactionId transactionId, SettlementBatchId batchId, ChainId chainId, SubmissionResult result);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "Transaction {TransactionId} of batch {BatchId} on {ChainId} is {State} with {Confirmations} confirmation(s)")]
    public static partial void TransactionObserved(ILogger logger, ChainTransactionId transactionId, SettlementBatchId batchId, ChainId chainId, SettlementState state, int confirmations);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Batch {BatchId} is final on {ChainId}: transaction {TransactionId} at height {BlockNumber}")]
    public static partial void BatchFinal(ILogger logger, SettlementBatchId batchId, ChainId chainId, ChainTransactionId transactionId, ulong? blockNumber);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Every transaction of batch {BatchId} on {ChainId} (attempt {Attempt}) is dead; releasing them and re-planning")]
    public static partial void BatchDead(ILogger logger, SettlementBatchId batchId, ChainId chainId, int attempt);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Batch {BatchId} on {ChainId} re-planned as attempt {Attempt}")]
    public static partial void BatchReplanned(ILogger logger, SettlementBatchId batchId, ChainId chainId, int attempt);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "Batch {BatchId} on {ChainId} is blocked, retried after {RetryAt}: {Detail}")]
    public static partial void BatchBlocked(ILogger logger, SettlementBatchId batchId, ChainId chainId, DateTimeOffset retryAt, string detail);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information, Message = "Accelerated batch {BatchId} on {ChainId}: {Kind} {TransactionId} for stuck {StuckId}")]
    public static partial void BatchAccelerated(ILogger logger, SettlementBatchId batchId, ChainId chainId, AccelerationKind kind, ChainTransactionId transactionId, ChainTransactionId stuckId);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Warning, Message = "Could not accelerate stuck transaction {TransactionId} of batch {BatchId} on {ChainId}: {Reason}")]
    public static partial void AccelerationFailed(ILogger logger, ChainTransactionId transactionId, SettlementBatchId batchId, ChainId chainId, string reason);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Chain {ChainId} unavailable for {Operation} of batch {BatchId}: {Reason}. The chain's batches wait in the journal")]
    public static partial void ChainUnavailable(ILogger logger, ChainId chainId, string operation, SettlementBatchId batchId, string reason);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Journal write for batch {BatchId} failed: {Reason}. Nothing it enables was done; the batch resumes in the next pass")]
    public static partial void JournalWriteFailed(ILogger logger, SettlementBatchId batchId, string reason, Exception exception);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Step {Sequence} of batch {BatchId} was already recorded with other content (another writer, or a write that succeeded unseen); the batch resumes from the journal in the next pass")]
    public static partial void TransitionConflict(ILogger logger, int sequence, SettlementBatchId batchId);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Error, Message = "Final transaction {TransactionId} of batch {BatchId} left chain {ChainId} (now {State}): a reorganisation deeper than the finality rule. The receipt is reversed and the batch resumes")]
    public static partial void FinalReversed(ILogger logger, ChainTransactionId transactionId, SettlementBatchId batchId, ChainId chainId, SettlementState state);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Information, Message = "Recovery: {Count} unfinished batch(es) found in the journal; re-sending their signed transactions and re-checking their status")]
    public static partial void Recovering(ILogger logger, int count);

    [LoggerMessage(EventId = 1315, Level = LogLevel.Debug, Message = "Retrying {Operation} on {ChainId} (retry {Attempt}) after: {Reason}")]
    public static partial void ChainRetry(ILogger logger, string operation, ChainId chainId, int attempt, string reason);

    [LoggerMessage(EventId = 1316, Level = LogLevel.Warning, Message = "Gave up transaction {TransactionId} of batch {BatchId} on {ChainId}: {Detail}")]
    public static partial void TransactionAbandoned(ILogger logger, ChainTransactionId transactionId, SettlementBatchId batchId, ChainId chainId, string detail);

    [LoggerMessage(EventId = 1317, Level = LogLevel.Information, Message = "Released dead transaction {TransactionId} of batch {BatchId} on {ChainId}")]
    public static partial void TransactionReleased(ILogger logger, ChainTransactionId transactionId, SettlementBatchId batchId, ChainId chainId);

    [LoggerMessage(EventId = 1318, Level = LogLevel.Debug, Message = "Settlement pass: {Open} open batch(es), {Advanced} advanced, {Waiting} waiting, {Unavailable} on unavailable chains, {Failed} failed")]
    public static partial void PassCompleted(ILogger logger, int open, int advanced, int waiting, int unavailable, int failed);

    [LoggerMessage(EventId = 1319, Level = LogLevel.Error, Message = "Settlement pass failed: {Reason}. It is retried after the poll interval")]
    public static partial void PassFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 1320, Level = LogLevel.Debug, Message = "Recorded reading of meter {Meter} for {Period}, revision {Revision}")]
    public static partial void ReadingRecorded(ILogger logger, MeterId meter, DeliveryPeriod period, int revision);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Warning, Message = "Rejected reading of meter {Meter} for {Period} against the journal: {Reason}. {Detail}")]
    public static partial void ReadingRejectedByJournal(ILogger logger, MeterId meter, DeliveryPeriod period, Meters.MeterReadingRejectionReason reason, string detail);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Information, Message = "Recorded correction of meter {Meter} for {Period} as revision {Revision}: {Reason}")]
    public static partial void ReadingCorrected(ILogger logger, MeterId meter, DeliveryPeriod period, int revision, string reason);

    [LoggerMessage(EventId = 1323, Level = LogLevel.Error, Message = "Batch {BatchId} cannot be settled by any registered provider: {Reason}")]
    public static partial void NoProvider(ILogger logger, SettlementBatchId batchId, string reason);

    [LoggerMessage(EventId = 1324, Level = LogLevel.Information, Message = "Settlement worker started: recovery found {Open} open batch(es), {Advanced} advanced")]
    public static partial void WorkerStarted(ILogger logger, int open, int advanced);

    [LoggerMessage(EventId = 1325, Level = LogLevel.Error, Message = "Settlement worker pass failed; the next runs after the poll interval")]
    public static partial void WorkerPassFailed(ILogger logger, Exception exception);
}
