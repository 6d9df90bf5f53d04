using System.Text.Json;

namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>The outcome of one JSON-RPC call: a result (cloned, owns no document) or the node's error.</summary>
internal readonly record struct DashCoreRpcAnswer(JsonElement Result, DashCoreRpcError? Error)
{
    /// <summary>Gets whether the call succeeded with a JSON <c>null</c> result (gettxout of a spent output).</summary>
    public bool IsNullResult => Error is null && Result.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
}
