namespace EnergySettlement.Ethereum.Rpc;

/// <summary>What a node's JSON-RPC error means for the caller; see <see cref="RpcErrorClassifier"/>.</summary>
internal enum RpcErrorKind
{
    /// <summary>Not one of the known transaction errors.</summary>
    Other = 0,

    /// <summary>The node already has this exact transaction: a repeated submission, which is success.</summary>
    AlreadyKnown,

    /// <summary>The account's nonce is past the transaction's: the nonce was used (possibly by this very transaction).</summary>
    NonceTooLow,

    /// <summary>The nonce leaves a gap after the account's pending nonce.</summary>
    NonceTooHigh,

    /// <summary>Another transaction holds this nonce in the mempool and the new fees are not high enough to replace it.</summary>
    ReplacementUnderpriced,

    /// <summary>The fees are below the node's minimum.</summary>
    TransactionUnderpriced,

    /// <summary>The account cannot pay value plus gas × max fee.</summary>
    InsufficientFunds,

    /// <summary>The gas limit is below the intrinsic cost of the transaction.</summary>
    IntrinsicGasTooLow,

    /// <summary>The EVM reverted (estimate or call).</summary>
    ExecutionReverted,

    /// <summary>The node is rate-limiting or temporarily overloaded: transient.</summary>
    LimitExceeded,
}
