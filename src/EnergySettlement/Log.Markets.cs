using EnergySettlement.Trading;
using Microsoft.Extensions.Logging;

namespace EnergySettlement;

/// <summary>The market operator's log lines (event ids 1100–1199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Market {Market} started: snapshot at entry {SnapshotSequence}, {Replayed} journal entries replayed after it, {OpenBooks} books open.")]
    public static partial void MarketStarted(ILogger logger, MarketId market, long snapshotSequence, long replayed, int openBooks);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Market {Market} stopped at journal entry {Sequence}.")]
    public static partial void MarketStopped(ILogger logger, MarketId market, long sequence);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Critical, Message = "Market {Market} stopped after an unexpected failure; stop and start it to recover from the order journal.")]
    public static partial void MarketFaulted(ILogger logger, MarketId market, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Market {Market} rejected an order entry of {Participant}: {Reason}. {Detail}")]
    public static partial void OrderEntryRejected(ILogger logger, MarketId market, ParticipantId participant, OrderRejectionReason reason, string? detail);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Market {Market} opened the book of {Period} (gate closure {GateClosure:O}).")]
    public static partial void BookOpened(ILogger logger, MarketId market, DeliveryPeriod period, DateTimeOffset gateClosure);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "Market {Market} closed the book of {Period}.")]
    public static partial void BookClosed(ILogger logger, MarketId market, DeliveryPeriod period);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Market {Market} cleared the auction of {Period}: {Volume} at {Price}.")]
    public static partial void AuctionCleared(ILogger logger, MarketId market, DeliveryPeriod period, Energy volume, Price? price);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "Market {Market} could not journal {Count} command(s) from entry {FirstSequence}; nothing was recorded and their callers got the error.")]
    public static partial void JournalAppendFailed(ILogger logger, MarketId market, int count, long firstSequence, Exception exception);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Market {Market}: the order journal reported a failure appending entries {FirstSequence}–{LastSequence}, but they are recorded with the same content; continuing.")]
    public static partial void JournalAppendRecorded(ILogger logger, MarketId market, long firstSequence, long lastSequence, Exception exception);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Debug, Message = "Market {Market} saved a snapshot at journal entry {Sequence} ({Bytes} bytes).")]
    public static partial void SnapshotSaved(ILogger logger, MarketId market, long sequence, int bytes);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Market {Market} could not save a snapshot at journal entry {Sequence}; replay starts from the previous one.")]
    public static partial void SnapshotFailed(ILogger logger, MarketId market, long sequence, Exception exception);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Market {Market} journals its orders in memory: nothing survives a restart. Register a durable IOrderJournal (EnergySettlement.Sqlite or EnergySettlement.PostgreSql) in production.")]
    public static partial void InMemoryOrderJournal(ILogger logger, MarketId market);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "An event reader of market {Market} fell more than {Capacity} events behind after entry {Sequence}; its enumeration ends.")]
    public static partial void SubscriberOverflow(ILogger logger, MarketId market, int capacity, long sequence);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Error, Message = "The auction of {Period} in market {Market} was not applied: the engine refused it ({Reason}).")]
    public static partial void UncrossRejected(ILogger logger, MarketId market, DeliveryPeriod period, Matching.RejectReason reason);
}
