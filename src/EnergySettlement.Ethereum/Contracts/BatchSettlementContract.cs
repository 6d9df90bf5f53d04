using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// The <c>BatchSettlement</c> contract, version 1 (source <c>Contracts/BatchSettlement.sol</c>, compiled with solc-js; the
/// artifact is embedded): its creation bytecode, call encoders and event topics. Kept deployable and supported for
/// existing deployments; new deployments use <see cref="BatchSettlementV2Contract"/>.
/// </summary>
internal static class BatchSettlementContract
{
    private static readonly Lazy<ContractArtifact> Artifact = new(() => ContractArtifact.Load("BatchSettlement"));

    /// <summary>Gets the creation bytecode (deploy it with a contract-creation transaction; the constructor takes no arguments).</summary>
    public static ReadOnlyMemory<byte> Bytecode => Artifact.Value.Bytecode;

    /// <summary>Gets the compiler the artifact came from.</summary>
    public static string Compiler => Artifact.Value.Compiler;

    public static readonly byte[] SettleNativeSelector = AbiEncoder.Selector("settleNative(bytes32,address[],uint256[],string[])");

    public static readonly byte[] SettleTokenSelector = AbiEncoder.Selector("settleToken(bytes32,address,address[],uint256[],string[])");

    public static readonly byte[] SettledSelector = AbiEncoder.Selector("settled(address,bytes32)");

    /// <summary>Topic of <c>Payout(bytes32 indexed batchId, address indexed payee, address indexed token, uint256 amount, string settlementReference)</c>.</summary>
    public static readonly byte[] PayoutTopic = AbiEncoder.EventTopic("Payout(bytes32,address,address,uint256,string)");

    /// <summary>Topic of <c>BatchSettled(bytes32 indexed batchId, address indexed payer, address indexed token, uint256 total, uint256 payouts)</c>.</summary>
    public static readonly byte[] BatchSettledTopic = AbiEncoder.EventTopic("BatchSettled(bytes32,address,address,uint256,uint256)");

    /// <summary>The on-chain batch key: Keccak-256 of the UTF-8 batch id (the contract keys it by payer too).</summary>
    public static byte[] BatchKey(SettlementBatchId batchId) => Keccak256.Hash(Encoding.UTF8.GetBytes(batchId.Value));

    /// <summary>Call data of <c>settleNative</c>.</summary>
    public static byte[] EncodeSettleNative(SettlementBatchId batchId, IReadOnlyList<EthereumAddress> payees, IReadOnlyList<UInt256> amounts, IReadOnlyList<string> references) =>
        AbiEncoder.Call(SettleNativeSelector, AbiValue.Bytes32(BatchKey(batchId)), AbiValue.Addresses(payees), AbiValue.Words(amounts), AbiValue.Strings(references));

    /// <summary>Call data of <c>settleToken</c>.</summary>
    public static byte[] EncodeSettleToken(SettlementBatchId batchId, EthereumAddress token, IReadOnlyList<EthereumAddress> payees, IReadOnlyList<UInt256> amounts, IReadOnlyList<string> references) =>
        AbiEncoder.Call(SettleTokenSelector, AbiValue.Bytes32(BatchKey(batchId)), AbiValue.Address(token), AbiValue.Addresses(payees), AbiValue.Words(amounts), AbiValue.Strings(references));

    /// <summary>Call data of <c>settled(payer, batchKey)</c>: how an adapter recognises version 1 when probing.</summary>
    public static byte[] EncodeSettled(EthereumAddress payer, SettlementBatchId batchId) =>
        AbiEncoder.Call(SettledSelector, AbiValue.Address(payer), AbiValue.Bytes32(BatchKey(batchId)));
}
