using EnergySettlement.Chains;

namespace EnergySettlement.Ethereum.Rpc;

/// <summary>
/// A node answered a JSON-RPC request with an error object. Internal carrier between the client and the provider, which
/// maps it with <see cref="RpcErrorClassifier.ToException"/> once it knows the context (payer, transaction).
/// </summary>
internal sealed class RpcResponseException : ChainRequestException
{
    public RpcResponseException(ChainId chainId, string method, RpcError error)
        : base(
            chainId,
            RpcErrorClassifier.ErrorCode(error.Kind, error.Code),
            $"{method} on {chainId} failed: the node answered {error}.",
            isTransient: error.Kind == RpcErrorKind.LimitExceeded)
    {
        Method = method;
        Error = error;
    }

    /// <summary>Gets the JSON-RPC method.</summary>
    public string Method { get; }

    /// <summary>Gets the node's error.</summary>
    public RpcError Error { get; }
}
