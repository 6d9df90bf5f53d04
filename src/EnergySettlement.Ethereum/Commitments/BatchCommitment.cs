using System.Diagnostics.CodeAnalysis;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Commitments;

/// <summary>
/// The 32-byte commitment to a batch's payout list that <c>BatchSettlementV2</c> records on chain, one per batch, in
/// its <c>BatchSettled</c> event: per-payout references stay off chain (the journal keeps them) and the commitment binds
/// them, with every payee and amount, to the chain, payer, batch id and asset.
/// </summary>
/// <remarks>
/// <para><see cref="Compute"/> is deterministic: <c>keccak256(abi.encode(keccak256("EnergySettlement.BatchCommitment.v1"),
/// chainId, payer, keccak256(batchId), token, payoutCount, root))</c>, where <c>token</c> is the zero address for the
/// native coin and <c>root</c> is the Merkle root (RFC 6962 shape, Keccak-256) of one leaf per payout, in order:
/// <c>keccak256(0x00 ‖ payee ‖ uint256 amount ‖ keccak256(UTF-8 reference))</c> (32 zero bytes for no reference); inner
/// nodes are <c>keccak256(0x01 ‖ left ‖ right)</c>. docs/ethereum.md gives the layout byte by byte.</para>
/// <para>Check a settled batch with <c>record.Commitment == BatchCommitment.Compute(batch)</c>, or one payout without the
/// others with <see cref="PayoutProof"/>. <see cref="ToString"/> is <c>0x</c> and 64 lower-case hex digits. Immutable and
/// thread-safe.</para>
/// </remarks>
public readonly struct BatchCommitment : IEquatable<BatchCommitment>
{
    /// <summary>The length in bytes: 32.</summary>
    public const int SizeInBytes = 32;

    private readonly Bytes32 _value;

    internal BatchCommitment(Bytes32 value) => _value = value;

    /// <summary>Equality.</summary>
    /// <param name="left">The first commitment.</param>
    /// <param name="right">The second commitment.</param>
    /// <returns>Whether both hold the same bytes.</returns>
    public static bool operator ==(BatchCommitment left, BatchCommitment right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first commitment.</param>
    /// <param name="right">The second commitment.</param>
    /// <returns>Whether the bytes differ.</returns>
    public static bool operator !=(BatchCommitment left, BatchCommitment right) => !left.Equals(right);

    /// <summary>Computes the commitment of a batch (its payouts in order, with their references).</summary>
    /// <param name="batch">A batch on an EVM chain (<c>eip155</c>), in the native coin or an ERC-20 token.</param>
    /// <returns>The commitment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The batch is not on an EVM chain, its asset is neither the native coin nor an
    /// ERC-20 token, or an address is not a valid Ethereum address.</exception>
    public static BatchCommitment Compute(SettlementBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var leaves = new Bytes32[batch.Payouts.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = CommitmentHashing.Leaf(batch.Payouts[i]);
        }

        return FromRoot(batch.Id, batch.Payer, batch.Asset, leaves.Length, CommitmentHashing.Root(leaves));
    }

    /// <summary>Creates a commitment from its 32 bytes (as read from a log or a store).</summary>
    /// <param name="bytes32">Exactly 32 bytes.</param>
    /// <returns>The commitment.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes32"/> is not 32 bytes long.</exception>
    public static BatchCommitment FromBytes(ReadOnlySpan<byte> bytes32) => new(new Bytes32(bytes32));

    /// <summary>Parses <c>0x</c> and 64 hex digits (either case).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The commitment.</returns>
    /// <exception cref="FormatException">The text is not <c>0x</c> and 64 hex digits.</exception>
    public static BatchCommitment Parse(ReadOnlySpan<char> text)
        => TryParse(text, out var commitment)
            ? commitment
            : throw new FormatException($"Expected 0x and 64 hex digits for a batch commitment, found {text.Length} characters.");

    /// <summary>Tries to parse <c>0x</c> and 64 hex digits (either case).</summary>
    /// <param name="text">The text.</param>
    /// <param name="commitment">The commitment, or all zeros when the text is not valid.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out BatchCommitment commitment)
    {
        var ok = Bytes32.TryParseHex(text, out var value);
        commitment = new BatchCommitment(value);
        return ok;
    }

    /// <summary>Writes the 32 bytes.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteBytes(Span<byte> destination) => _value.WriteTo(destination);

    /// <summary>Returns the 32 bytes in a new array.</summary>
    /// <returns>A copy of the bytes.</returns>
    public byte[] ToArray() => _value.ToArray();

    /// <summary>Returns <c>0x</c> and 64 lower-case hex digits.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value.ToHexString();

    /// <inheritdoc />
    public bool Equals(BatchCommitment other) => _value.Equals(other._value);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is BatchCommitment other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>The commitment for a batch header and the root of its payouts.</summary>
    internal static BatchCommitment FromRoot(SettlementBatchId batchId, SettlementAccount payer, Asset asset, int payoutCount, Bytes32 root)
    {
        var chainId = CommitmentHashing.ChainIdOf(payer.ChainId);
        return new BatchCommitment(CommitmentHashing.Commit(chainId, CommitmentHashing.AddressOf(payer), CommitmentHashing.BatchKey(batchId), CommitmentHashing.TokenOf(asset), payoutCount, root));
    }
}
