using EnergySettlement.Meters;
using Microsoft.Extensions.Logging;

namespace EnergySettlement;

/// <summary>Every log line of the core package, source-generated, with fixed event ids (1000–1999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected reading of meter {Meter} for {IntervalStart}: {Reason}. {Detail}")]
    public static partial void ReadingRejected(ILogger logger, MeterId meter, DateTimeOffset intervalStart, MeterReadingRejectionReason reason, string detail);
}
