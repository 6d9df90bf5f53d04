using EnergySettlement.Chains;

namespace EnergySettlement.Ethereum.Rpc;

/// <summary>
/// Classifies node errors by the messages geth, Anvil, Nethermind, Besu and Erigon return (they share geth's wording),
/// and maps them to the SDK's exception types keeping the node's code and message.
/// </summary>
internal static class RpcErrorClassifier
{
    /// <summary>Classifies a JSON-RPC error.</summary>
    /// <param name="code">The JSON-RPC code.</param>
    /// <param name="message">The node's message.</param>
    /// <returns>The kind.</returns>
    public static RpcErrorKind Classify(long code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var m = message;

        // Order matters: "replacement transaction underpriced" contains "transaction underpriced".
        if (Has(m, "already known") || Has(m, "known transaction") || Has(m, "already imported") || Has(m, "transaction already exists"))
        {
            return RpcErrorKind.AlreadyKnown;
        }

        if (Has(m, "replacement transaction underpriced") || Has(m, "replacement underpriced"))
        {
            return RpcErrorKind.ReplacementUnderpriced;
        }

        if (Has(m, "nonce too low") || Has(m, "nonce has already been used"))
        {
            return RpcErrorKind.NonceTooLow;
        }

        if (Has(m, "nonce too high"))
        {
            return RpcErrorKind.NonceTooHigh;
        }

        if (Has(m, "insufficient funds") || Has(m, "insufficient balance"))
        {
            return RpcErrorKind.InsufficientFunds;
        }

        if (Has(m, "intrinsic gas too low"))
        {
            return RpcErrorKind.IntrinsicGasTooLow;
        }

        if (Has(m, "transaction underpriced") || Has(m, "max fee per gas less than block base fee") || Has(m, "fee cap less than block base fee"))
        {
            return RpcErrorKind.TransactionUnderpriced;
        }

        if (code == 3 || Has(m, "execution reverted") || Has(m, "revert"))
        {
            return RpcErrorKind.ExecutionReverted;
        }

        if (code is -32005 or 429 || Has(m, "rate limit") || Has(m, "limit exceeded") || Has(m, "too many requests"))
        {
            return RpcErrorKind.LimitExceeded;
        }

        return RpcErrorKind.Other;
    }

    /// <summary>Gets the short name used as <see cref="ChainRequestException.ErrorCode"/> for a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="code">The JSON-RPC code, used for <see cref="RpcErrorKind.Other"/>.</param>
    /// <returns>The name, for example <c>nonce too low</c>.</returns>
    public static string ErrorCode(RpcErrorKind kind, long code) => kind switch
    {
        RpcErrorKind.AlreadyKnown => "already known",
        RpcErrorKind.NonceTooLow => "nonce too low",
        RpcErrorKind.NonceTooHigh => "nonce too high",
        RpcErrorKind.ReplacementUnderpriced => "replacement transaction underpriced",
        RpcErrorKind.TransactionUnderpriced => "transaction underpriced",
        RpcErrorKind.InsufficientFunds => "insufficient funds",
        RpcErrorKind.IntrinsicGasTooLow => "intrinsic gas too low",
        RpcErrorKind.ExecutionReverted => "execution reverted",
        RpcErrorKind.LimitExceeded => "limit exceeded",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Maps a node error to the SDK exception a caller handles.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="method">The JSON-RPC method that failed.</param>
    /// <param name="error">The node's error.</param>
    /// <param name="payer">The paying account, when the request concerned one (for <see cref="InsufficientFundsException"/>).</param>
    /// <returns>The exception: <see cref="InsufficientFundsException"/>, <see cref="TransactionRejectedException"/>, or a
    /// <see cref="ChainRequestException"/> (transient for rate limits).</returns>
    public static ChainRequestException ToException(ChainId chainId, string method, RpcError error, SettlementAccount? payer = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var kind = error.Kind;
        var errorCode = ErrorCode(kind, error.Code);
        var message = $"{method} on {chainId} failed: the node answered {error} ({errorCode}).";
        return kind switch
        {
            RpcErrorKind.InsufficientFunds when payer is { } account => new InsufficientFundsException(chainId, account, message),
            RpcErrorKind.LimitExceeded => new ChainRequestException(chainId, errorCode, message, isTransient: true),
            RpcErrorKind.Other => new ChainRequestException(chainId, errorCode, message, isTransient: false),
            _ => new TransactionRejectedException(chainId, errorCode, message),
        };
    }

    private static bool Has(string message, string fragment) => message.Contains(fragment, StringComparison.OrdinalIgnoreCase);
}
