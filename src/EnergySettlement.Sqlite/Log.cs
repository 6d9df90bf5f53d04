using Microsoft.Extensions.Logging;

namespace EnergySettlement.Sqlite;

/// <summary>Every log line of the SQLite storage package, source-generated, with fixed event ids (6000–6099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Opened the SQLite journal {Path} at schema version {Version}")]
    public static partial void Opened(ILogger logger, string path, int version);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Applied schema step {Version} ({Description}) to the SQLite journal {Path}")]
    public static partial void MigrationApplied(ILogger logger, int version, string description, string path);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "A commit of {Writes} write(s) to the SQLite journal {Path} failed; every writer in it got the error")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int writes, string path);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Debug, Message = "A write to the SQLite journal {Path} was refused and rolled back alone: {Reason}")]
    public static partial void WriteRefused(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Closed the SQLite journal {Path}")]
    public static partial void Closed(ILogger logger, string path);
}
