using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// The <c>BatchSettlementV2</c> contract (source <c>Contracts/BatchSettlementV2.sol</c>, compiled with solc-js; the
/// artifact is embedded): creation bytecode, call encoders, event topics and the packed payout word.
/// </summary>
/// <remarks>
/// A payout is one 32-byte word: the payee's 20 bytes, then the amount in the low 12 bytes (96 bits). The once-only flag
/// is a bit per (payer, batch number); one event per batch, <c>BatchSettled(payer, batchKey, batchNumber, commitment)</c>.
/// </remarks>
internal static class BatchSettlementV2Contract
{
    /// <summary>The value <c>batchSettlementVersion()</c> returns.</summary>
    public const int InterfaceVersion = 2;

    /// <summary>The bits of a payout word that carry the amount.</summary>
    public const int AmountBits = 96;

    private static readonly Lazy<ContractArtifact> Artifact = new(() => ContractArtifact.Load("BatchSettlementV2"));

    /// <summary>Gets the largest amount one payout word carries: 2^96 − 1 smallest units.</summary>
    public static UInt256 MaxAmount { get; } = (UInt256)((UInt128.One << AmountBits) - 1);

    /// <summary>Gets the creation bytecode (the constructor takes no arguments).</summary>
    public static ReadOnlyMemory<byte> Bytecode => Artifact.Value.Bytecode;

    /// <summary>Gets the compiler the artifact came from.</summary>
    public static string Compiler => Artifact.Value.Compiler;

    public static readonly byte[] SettleNativeSelector = AbiEncoder.Selector("settleNative(uint256,bytes32,bytes32,uint256[])");

    public static readonly byte[] SettleNativeWithReferencesSelector = AbiEncoder.Selector("settleNativeWithReferences(uint256,bytes32,bytes32,uint256[],string[])");

    public static readonly byte[] SettleTokenSelector = AbiEncoder.Selector("settleToken(uint256,bytes32,bytes32,address,uint256,uint256[])");

    public static readonly byte[] SettleTokenWithReferencesSelector = AbiEncoder.Selector("settleTokenWithReferences(uint256,bytes32,bytes32,address,uint256,uint256[],string[])");

    public static readonly byte[] IsSettledSelector = AbiEncoder.Selector("isSettled(address,uint256)");

    public static readonly byte[] VersionSelector = AbiEncoder.Selector("batchSettlementVersion()");

    /// <summary>Topic of <c>BatchSettled(address indexed payer, bytes32 indexed batchKey, uint256 batchNumber, bytes32 commitment)</c>.</summary>
    public static readonly byte[] BatchSettledTopic = AbiEncoder.EventTopic("BatchSettled(address,bytes32,uint256,bytes32)");

    /// <summary>Topic of <c>Payout(address indexed payer, address indexed payee, uint256 amount, string settlementReference)</c>.</summary>
    public static readonly byte[] PayoutTopic = AbiEncoder.EventTopic("Payout(address,address,uint256,string)");

    /// <summary>Packs a payout into its word: payee in the high 160 bits, amount in the low 96.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount needs more than 96 bits.</exception>
    public static UInt256 PackPayout(EthereumAddress payee, UInt256 amount)
    {
        if (amount > MaxAmount)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"A BatchSettlementV2 payout carries at most 2^96 - 1 smallest units.");
        }

        Span<byte> word = stackalloc byte[32];
        amount.WriteBigEndian32(word);
        payee.WriteBytes(word[..EthereumAddress.SizeInBytes]);
        return UInt256.ReadBigEndian(word);
    }

    /// <summary>Call data of <c>settleNative</c>, or of <c>settleNativeWithReferences</c> when <paramref name="references"/> is given.</summary>
    public static byte[] EncodeSettleNative(UInt256 batchNumber, ReadOnlySpan<byte> batchKey, BatchCommitment commitment, IReadOnlyList<UInt256> payouts, IReadOnlyList<string>? references)
    {
        var head = new List<AbiValue> { AbiValue.Word(batchNumber), AbiValue.Bytes32(batchKey), AbiValue.Bytes32(commitment.ToArray()), AbiValue.Words(payouts) };
        if (references is null)
        {
            return AbiEncoder.Call(SettleNativeSelector, [.. head]);
        }

        head.Add(AbiValue.Strings(references));
        return AbiEncoder.Call(SettleNativeWithReferencesSelector, [.. head]);
    }

    /// <summary>Call data of <c>settleToken</c>, or of <c>settleTokenWithReferences</c> when <paramref name="references"/> is given.</summary>
    public static byte[] EncodeSettleToken(UInt256 batchNumber, ReadOnlySpan<byte> batchKey, BatchCommitment commitment, EthereumAddress token, UInt256 total, IReadOnlyList<UInt256> payouts, IReadOnlyList<string>? references)
    {
        var head = new List<AbiValue>
        {
            AbiValue.Word(batchNumber), AbiValue.Bytes32(batchKey), AbiValue.Bytes32(commitment.ToArray()), AbiValue.Address(token), AbiValue.Word(total), AbiValue.Words(payouts),
        };
        if (references is null)
        {
            return AbiEncoder.Call(SettleTokenSelector, [.. head]);
        }

        head.Add(AbiValue.Strings(references));
        return AbiEncoder.Call(SettleTokenWithReferencesSelector, [.. head]);
    }

    /// <summary>Call data of <c>isSettled(payer, batchNumber)</c>.</summary>
    public static byte[] EncodeIsSettled(EthereumAddress payer, UInt256 batchNumber) =>
        AbiEncoder.Call(IsSettledSelector, AbiValue.Address(payer), AbiValue.Word(batchNumber));

    /// <summary>Call data of <c>batchSettlementVersion()</c>: how an adapter recognises this contract when probing.</summary>
    public static byte[] EncodeVersion() => AbiEncoder.Call(VersionSelector);
}
