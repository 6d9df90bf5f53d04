using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash;

// The backends' part of the package's Log class: event ids 5100–5199 are reserved for node backends. No message carries
// a credential, an API token or a URL path or query (endpoints are logged as scheme, host and port).
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "{Backend} {Operation} on {ChainId} failed in transport: {Reason}")]
    public static partial void BackendTransportFailed(ILogger logger, string backend, string chainId, string operation, string reason);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "{Backend} {Operation} on {ChainId} answered error {Code}: {BackendMessage}")]
    public static partial void BackendErrorAnswer(ILogger logger, string backend, string chainId, string operation, string code, string backendMessage);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "{Backend} {Operation} on {ChainId} was rate-limited; retry after {RetryAfterSeconds} s")]
    public static partial void BackendRateLimited(ILogger logger, string backend, string chainId, string operation, double? retryAfterSeconds);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "{Backend} broadcast {TransactionId} on {ChainId}: {Result}")]
    public static partial void BackendBroadcast(ILogger logger, string backend, string chainId, string transactionId, Chains.SubmissionResult result);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "{Backend} rejected {TransactionId} on {ChainId}: {Code} {Reason}")]
    public static partial void BackendBroadcastRejected(ILogger logger, string backend, string chainId, string transactionId, string? code, string reason);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "{Backend} flags {TransactionId} on {ChainId} as part of a double spend")]
    public static partial void BackendDoubleSpendFlagged(ILogger logger, string backend, string chainId, string transactionId);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "{Backend} {Operation} on {ChainId} answered something that is not the documented shape: {Detail}")]
    public static partial void BackendMalformedAnswer(ILogger logger, string backend, string chainId, string operation, string detail);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Backend {Backend} failed {Operation} transiently and is skipped for reads until {Until:O}: {Reason}")]
    public static partial void BackendMarkedUnhealthy(ILogger logger, string backend, string operation, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Backend {Backend} answers again")]
    public static partial void BackendRecovered(ILogger logger, string backend);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "{Operation} failed on backend {Backend}; trying the next backend: {Reason}")]
    public static partial void BackendFailedOver(ILogger logger, string operation, string backend, string reason);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning, Message = "Backends disagree on broadcasting {TransactionId}: {Accepted} accepted or knew it, {Rejected} rejected it, {Unavailable} unavailable")]
    public static partial void BroadcastOutcomesDiffer(ILogger logger, string transactionId, int accepted, int rejected, int unavailable);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Error, Message = "{Operation} failed on all {Count} backends")]
    public static partial void AllBackendsFailed(ILogger logger, string operation, int count);

    [LoggerMessage(EventId = 5115, Level = LogLevel.Debug, Message = "Backend {Backend} finished broadcasting {TransactionId} after the result was returned: {Outcome}")]
    public static partial void BroadcastStragglerFinished(ILogger logger, string backend, string transactionId, string outcome);
}
