using EnergySettlement.Coins;

namespace EnergySettlement.Dash.Transactions;

/// <summary>An input of a <see cref="UtxoTransaction"/>: the output it spends, its unlocking script and its sequence number.</summary>
/// <remarks>Immutable and thread-safe, provided the memory behind <see cref="ScriptSig"/> is not changed.</remarks>
public sealed class TransactionInput
{
    /// <summary>The sequence number that opts out of relative lock times and lock-time checks: 0xFFFFFFFF.</summary>
    public const uint FinalSequence = uint.MaxValue;

    /// <summary>Creates an input.</summary>
    /// <param name="previousTransaction">The transaction whose output is spent.</param>
    /// <param name="previousIndex">The index of the spent output.</param>
    /// <param name="scriptSig">The unlocking script (empty before signing).</param>
    /// <param name="sequence">The sequence number; the default is <see cref="FinalSequence"/>.</param>
    public TransactionInput(TransactionHash previousTransaction, uint previousIndex, ReadOnlyMemory<byte> scriptSig = default, uint sequence = FinalSequence)
    {
        PreviousTransaction = previousTransaction;
        PreviousIndex = previousIndex;
        ScriptSig = scriptSig;
        Sequence = sequence;
    }

    /// <summary>Gets the transaction whose output is spent.</summary>
    public TransactionHash PreviousTransaction { get; }

    /// <summary>Gets the index of the spent output in <see cref="PreviousTransaction"/>.</summary>
    public uint PreviousIndex { get; }

    /// <summary>Gets the unlocking script (for P2PKH: the DER signature with its hash-type byte, then the public key).</summary>
    public ReadOnlyMemory<byte> ScriptSig { get; }

    /// <summary>Gets the sequence number.</summary>
    public uint Sequence { get; }

    /// <summary>Gets the serialised size in bytes: outpoint (36), script length and script, sequence (4).</summary>
    public int SerializedSize => 36 + VarInt.SizeOf((ulong)ScriptSig.Length) + ScriptSig.Length + 4;

    /// <summary>Returns the spent output as the core's chain-neutral <see cref="OutPoint"/>.</summary>
    /// <returns>The outpoint.</returns>
    public OutPoint ToOutPoint() => new(PreviousTransaction.ToChainTransactionId(), PreviousIndex);

    /// <summary>Returns a copy with another unlocking script.</summary>
    /// <param name="scriptSig">The unlocking script.</param>
    /// <returns>The copy.</returns>
    public TransactionInput WithScriptSig(ReadOnlyMemory<byte> scriptSig) => new(PreviousTransaction, PreviousIndex, scriptSig, Sequence);

    /// <summary>Returns <c>txid:index</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{PreviousTransaction}:{PreviousIndex}";
}
