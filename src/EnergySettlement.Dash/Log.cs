using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash;

/// <summary>
/// Source-generated log messages of the Dash package, with fixed event ids: 5000–5049 for the UTXO core, the provider and
/// its wiring by <c>AddDash</c> (this file), 5100–5199 for the node backends (<c>Backends/Log.Backends.cs</c>). Never logs
/// key material, WIF text, passwords or API tokens.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Signed {TransactionId} for batch {BatchId} from {Payer}: {Inputs} input(s), {Outputs} output(s), {Size} bytes, fee {Fee} at {FeeRate} per kB")]
    public static partial void Signed(ILogger logger, string transactionId, string batchId, string payer, int inputs, int outputs, int size, long fee, long feeRate);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Rebuilt {TransactionId} for batch {BatchId} from the {Coins} coin(s) it has reserved")]
    public static partial void Rebuilt(ILogger logger, string transactionId, string batchId, int coins);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Coins selected for batch {BatchId} are held by other batches ({Held}); selecting again (attempt {Attempt})")]
    public static partial void ReservationRefused(ILogger logger, string batchId, string held, int attempt);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Fee estimate {Estimate} per kB on {ChainId} is above the cap {Cap} per kB; paying the cap")]
    public static partial void FeeRateCapped(ILogger logger, string chainId, long estimate, long cap);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Submitted {TransactionId} on {ChainId} through {Backend}: {Result}")]
    public static partial void Submitted(ILogger logger, string transactionId, string chainId, string backend, string result);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "{TransactionId} on {ChainId} is final ({Reason}) with {Confirmations} confirmation(s)")]
    public static partial void Final(ILogger logger, string transactionId, string chainId, string reason, int confirmations);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "{TransactionId} on {ChainId} is conflicted: its input {OutPoint} is spent by {SpentBy}")]
    public static partial void Conflicted(ILogger logger, string transactionId, string chainId, string outPoint, string spentBy);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "{TransactionId} on {ChainId} was submitted but the node no longer knows it and its inputs are unspent: dropped")]
    public static partial void Dropped(ILogger logger, string transactionId, string chainId);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Child {ChildId} spends the change of stuck {ParentId} (batch {BatchId}) and pays {ChildFee} so the two pay {PackageRate} per kB together")]
    public static partial void Accelerating(ILogger logger, string childId, string parentId, string batchId, long childFee, long packageRate);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Information, Message = "Released the {Coins} coin(s) reserved by dead {TransactionId} (batch {BatchId})")]
    public static partial void Released(ILogger logger, int coins, string transactionId, string batchId);

    [LoggerMessage(EventId = 5040, Level = LogLevel.Information, Message = "Dash provider {Provider} uses backend {Backend} at {Endpoint} through HTTP client {HttpClient} (client timeout {TimeoutSeconds} s)")]
    public static partial void BackendCreated(ILogger logger, string provider, string backend, string endpoint, string httpClient, double timeoutSeconds);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Information, Message = "Dash provider {Provider} runs its backends together as {Backend}: reads from the first healthy one, broadcasts to all")]
    public static partial void RedundantBackendCreated(ILogger logger, string provider, string backend);
}
