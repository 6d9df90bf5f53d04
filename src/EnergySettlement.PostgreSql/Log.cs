using Microsoft.Extensions.Logging;

namespace EnergySettlement.PostgreSql;

/// <summary>Every log line of the PostgreSQL storage package, source-generated, with fixed event ids (7000–7099).
/// Connection strings (which may hold passwords) are never logged: the journal is named by its schema.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Opened the PostgreSQL journal in schema {Schema} at schema version {Version}")]
    public static partial void Opened(ILogger logger, string schema, int version);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Applied schema step {Version} ({Description}) to the PostgreSQL journal in schema {Schema}")]
    public static partial void MigrationApplied(ILogger logger, int version, string description, string schema);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Error, Message = "A commit of {Writes} write(s) to the PostgreSQL journal in schema {Schema} failed; every writer in it got the error")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int writes, string schema);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Debug, Message = "A write to the PostgreSQL journal in schema {Schema} was refused: {Reason}")]
    public static partial void WriteRefused(ILogger logger, string schema, string reason);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "A commit of {Writes} write(s) to schema {Schema} lost a race with another writer ({SqlState}); running it again (attempt {Attempt})")]
    public static partial void CommitRetried(ILogger logger, int writes, string schema, string sqlState, int attempt);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "A write to schema {Schema} failed inside a commit of {Writes}; running each write on its own so only the failing one fails")]
    public static partial void CommitSplit(ILogger logger, Exception exception, string schema, int writes);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Closed the PostgreSQL journal in schema {Schema}")]
    public static partial void Closed(ILogger logger, string schema);
}
