using System.Text.Json.Nodes;

namespace EnergySettlement.Ethereum.Rpc;

/// <summary>One JSON-RPC call: a method and its positional parameters.</summary>
/// <param name="Method">The method, for example <c>eth_getTransactionReceipt</c>.</param>
/// <param name="Parameters">The parameters (JSON values); empty for none.</param>
internal sealed record RpcRequest(string Method, JsonArray Parameters)
{
    /// <summary>Creates a request from parameter values (strings, booleans, numbers or JSON nodes).</summary>
    public static RpcRequest Create(string method, params JsonNode?[] parameters) => new(method, new JsonArray(parameters));
}
