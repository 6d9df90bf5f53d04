using Microsoft.Extensions.Logging;

namespace EnergySettlement.Ethereum;

/// <summary>Source-generated log messages of the Ethereum adapter, with fixed event ids (4000–4099). Never logs key material.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "JSON-RPC {Method} on {ChainId} failed in transport: {Reason}")]
    public static partial void RpcTransportFailed(ILogger logger, string chainId, string method, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "JSON-RPC {Method} on {ChainId} returned error {Code}: {NodeMessage}")]
    public static partial void RpcError(ILogger logger, string chainId, string method, long code, string nodeMessage);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Nonces of {Account} reconciled: next {Next}, chain latest {Latest}, pending {Pending}, {Outstanding} outstanding")]
    public static partial void NoncesReconciled(ILogger logger, string account, ulong next, ulong latest, ulong pending, int outstanding);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Transaction {TransactionId} (nonce {Nonce}) of {Account} was not known to the node; re-broadcasting the recorded bytes")]
    public static partial void Rebroadcast(ILogger logger, string transactionId, ulong nonce, string account);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Nonce {Nonce} of {Account} was used by a transaction this process did not record (chain is past it without our receipt)")]
    public static partial void NonceTakenElsewhere(ILogger logger, ulong nonce, string account);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Signed {TransactionId} for batch {BatchId} from {Account} at nonce {Nonce}, max fee {MaxFeePerGas} wei/gas, gas {Gas}")]
    public static partial void Signed(ILogger logger, Transactions.TransactionHash transactionId, string batchId, string account, ulong nonce, Numerics.UInt256 maxFeePerGas, ulong gas);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Submitted {TransactionId} on {ChainId}: {Result}")]
    public static partial void Submitted(ILogger logger, string transactionId, string chainId, string result);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Replacing {TransactionId} at nonce {Nonce} with {ReplacementId}: max fee {MaxFeePerGas}, tip {MaxPriorityFeePerGas} wei/gas")]
    public static partial void Replacing(ILogger logger, string transactionId, ulong nonce, string replacementId, Numerics.UInt256 maxFeePerGas, Numerics.UInt256 maxPriorityFeePerGas);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Fee estimate {MaxFeePerGas} wei/gas on {ChainId} is above the cap {Cap} wei/gas; refused")]
    public static partial void FeeCapExceeded(ILogger logger, string chainId, string maxFeePerGas, string cap);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Information, Message = "Batch-settlement contract {Contract} on {ChainId} is version {Version}")]
    public static partial void ContractVersion(ILogger logger, Accounts.EthereumAddress contract, string chainId, Contracts.BatchSettlementVersion version);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning, Message = "{Account} has pending transactions the sequence store does not know (mined count {Latest}, pending up to nonce {Mark}); numbering new batches waits until they are mined")]
    public static partial void UnknownPending(ILogger logger, string account, ulong latest, ulong mark);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "Batch {BatchId} was already settled on chain in {TransactionId} (block {BlockNumber}); refused before signing")]
    public static partial void AlreadySettledOnChain(ILogger logger, string batchId, string transactionId, ulong blockNumber);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Warning, Message = "Reorg: {TransactionId} on {ChainId} was included in block {BlockNumber} ({BlockHash}) and is no longer; now {State}")]
    public static partial void ReorgedOut(ILogger logger, string transactionId, string chainId, long blockNumber, string blockHash, string state);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "{TransactionId} on {ChainId} is final at block {BlockNumber} with {Confirmations} confirmations")]
    public static partial void Final(ILogger logger, string transactionId, string chainId, long blockNumber, int confirmations);
}
