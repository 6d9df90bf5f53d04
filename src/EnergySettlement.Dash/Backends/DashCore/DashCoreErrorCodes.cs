namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>
/// The JSON-RPC error codes of Dash Core (<c>src/rpc/protocol.h</c>, shared with Bitcoin Core) the backend tells apart,
/// and how a broadcast's refusal is read. Insight relays the same codes and words from the node behind it.
/// </summary>
internal static class DashCoreErrorCodes
{
    /// <summary><c>RPC_INVALID_ADDRESS_OR_KEY</c>: unknown transaction, invalid address, index not enabled.</summary>
    public const long InvalidAddressOrKey = -5;

    /// <summary><c>RPC_CLIENT_NOT_CONNECTED</c>: the node has no peers.</summary>
    public const long ClientNotConnected = -9;

    /// <summary><c>RPC_CLIENT_IN_INITIAL_DOWNLOAD</c>: the node is still syncing.</summary>
    public const long ClientInInitialDownload = -10;

    /// <summary><c>RPC_DESERIALIZATION_ERROR</c>: the bytes are not a transaction.</summary>
    public const long DeserializationError = -22;

    /// <summary><c>RPC_VERIFY_ERROR</c> (alias <c>RPC_TRANSACTION_ERROR</c>): missing or spent inputs, fee above the
    /// node's maximum.</summary>
    public const long VerifyError = -25;

    /// <summary><c>RPC_VERIFY_REJECTED</c> (alias <c>RPC_TRANSACTION_REJECTED</c>): refused by policy or consensus.</summary>
    public const long VerifyRejected = -26;

    /// <summary><c>RPC_VERIFY_ALREADY_IN_CHAIN</c> (alias <c>RPC_TRANSACTION_ALREADY_IN_CHAIN</c>).</summary>
    public const long VerifyAlreadyInChain = -27;

    /// <summary><c>RPC_IN_WARMUP</c>: the node is loading its block index or wallet.</summary>
    public const long InWarmup = -28;

    /// <summary><c>RPC_METHOD_NOT_FOUND</c>.</summary>
    public const long MethodNotFound = -32601;

    /// <summary>Gets whether the node cannot serve now but will (warm-up, no peers, initial download).</summary>
    public static bool IsUnavailable(long code) => code is InWarmup or ClientNotConnected or ClientInInitialDownload;

    /// <summary>
    /// Gets whether a refused broadcast means the node already has the transaction: code -27 ("transaction already in
    /// block chain", later "Transaction outputs already in utxo set"), or the mempool's reject reasons
    /// <c>txn-already-in-mempool</c> and <c>txn-already-known</c> (a race with another broadcast of the same bytes).
    /// </summary>
    public static bool IsAlreadyKnown(long? code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return code == VerifyAlreadyInChain
            || Has(message, "txn-already-in-mempool")
            || Has(message, "txn-already-known")
            || Has(message, "already in block chain")
            || Has(message, "already in the block chain")
            || Has(message, "already in chain")
            || Has(message, "already in utxo set");
    }

    /// <summary>
    /// Gets whether an error refuses the transaction itself (<c>-22</c>, <c>-25</c>, <c>-26</c>): only these become a
    /// <see cref="TransactionRejectedException"/>. Any other code (a server that is not Dash Core answering "method not
    /// found", a bad parameter) says nothing about the transaction and must not release its coins.
    /// </summary>
    public static bool IsRejection(long code) => code is DeserializationError or VerifyError or VerifyRejected;

    private static bool Has(string message, string fragment) => message.Contains(fragment, StringComparison.OrdinalIgnoreCase);
}
