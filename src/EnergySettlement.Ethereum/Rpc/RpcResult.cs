using System.Text.Json;

namespace EnergySettlement.Ethereum.Rpc;

/// <summary>The answer to one call of a batch: a result or an error.</summary>
/// <param name="Result">The <c>result</c> member (cloned, safe to keep), or an undefined element when <paramref name="Error"/> is set.</param>
/// <param name="Error">The node's error, or <see langword="null"/>.</param>
internal readonly record struct RpcResult(JsonElement Result, RpcError? Error)
{
    /// <summary>Gets whether the result is JSON <c>null</c> (for example no receipt yet).</summary>
    public bool IsNull => Error is null && Result.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
}
