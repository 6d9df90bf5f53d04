using System.Text.Json.Nodes;

namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>One JSON-RPC call: a method and its positional parameters.</summary>
internal sealed record DashCoreRpcCall(string Method, JsonArray Parameters)
{
    public static DashCoreRpcCall Create(string method, params JsonNode?[] parameters) => new(method, new JsonArray(parameters));
}
