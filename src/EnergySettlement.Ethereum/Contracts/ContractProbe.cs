using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rpc;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// Tells which batch-settlement contract an address holds, in one batched request: its code, version 2's
/// <c>batchSettlementVersion()</c> and version 1's <c>settled(address,bytes32)</c> view. Each version answers only its own
/// call (neither contract has a fallback), so an answer identifies it positively; a node failure is never taken for a version.
/// </summary>
internal static class ContractProbe
{
    public static async Task<BatchSettlementVersion> DetectAsync(EthereumRpcClient rpc, EthereumAddress contract, EthereumAddress payer, CancellationToken cancellationToken)
    {
        var to = contract.ToString();
        var answers = await rpc.SendBatchAsync(
        [
            RpcRequest.Create("eth_getCode", to, "latest"),
            RpcRequest.Create("eth_call", Call(to, BatchSettlementV2Contract.EncodeVersion()), "latest"),
            RpcRequest.Create("eth_call", Call(to, BatchSettlementContract.EncodeSettled(payer, new SettlementBatchId("probe"))), "latest"),
        ], cancellationToken).ConfigureAwait(false);

        var code = Result(rpc.ChainId, answers[0], "eth_getCode");
        if (Hex.Decode(code.GetString()).Length == 0)
        {
            throw new ChainRequestException(rpc.ChainId, "no contract", $"ContractAddress {contract} holds no contract on {rpc.ChainId}: deploy BatchSettlementV2 (docs/ethereum.md) and configure its address. Nothing was signed.", isTransient: false);
        }

        if (Word(rpc.ChainId, answers[1], "eth_call") is { } version)
        {
            return version == (UInt256)(ulong)BatchSettlementV2Contract.InterfaceVersion
                ? BatchSettlementVersion.V2
                : throw new ChainRequestException(rpc.ChainId, "unsupported contract version", $"The contract at {contract} on {rpc.ChainId} reports batch-settlement version {version}; this adapter supports 1 and 2. Nothing was signed.", isTransient: false);
        }

        if (Word(rpc.ChainId, answers[2], "eth_call") is not null)
        {
            return BatchSettlementVersion.V1;
        }

        throw new ChainRequestException(rpc.ChainId, "not a batch-settlement contract", $"The contract at {contract} on {rpc.ChainId} answers neither batchSettlementVersion() (version 2) nor settled(address,bytes32) (version 1): check ContractAddress. Nothing was signed.", isTransient: false);
    }

    private static JsonObject Call(string to, byte[] data) => new() { ["to"] = to, ["data"] = Hex.Encode(data, withPrefix: true) };

    private static JsonElement Result(ChainId chain, RpcResult answer, string method) =>
        answer.Error is { } error ? throw RpcErrorClassifier.ToException(chain, method, error) : answer.Result;

    /// <summary>The 32-byte word a view returned; <see langword="null"/> when the call reverted (the function does not exist).</summary>
    private static UInt256? Word(ChainId chain, RpcResult answer, string method)
    {
        if (answer.Error is { } error)
        {
            return error.Kind == RpcErrorKind.ExecutionReverted ? null : throw RpcErrorClassifier.ToException(chain, method, error);
        }

        var bytes = Hex.Decode(answer.Result.GetString());
        return bytes.Length == 32 ? UInt256.ReadBigEndian(bytes) : null;
    }
}
