using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// A signed transaction: its fields, its raw bytes as broadcast with <c>eth_sendRawTransaction</c>, its hash and its sender.
/// </summary>
/// <remarks>
/// Made by <see cref="EthereumTransaction.Sign"/>, <see cref="EthereumTransaction.SignAsync"/> or <see cref="Decode"/>.
/// The raw bytes are the single source of truth: store them before broadcasting, and re-broadcast the same bytes
/// rather than re-signing. Immutable and thread-safe.
/// </remarks>
public sealed class SignedTransaction
{
    private readonly byte[] _raw;

    internal SignedTransaction(EthereumTransaction transaction, byte[] raw, RecoverableSignature signature, EthereumAddress sender)
    {
        Transaction = transaction;
        _raw = raw;
        Signature = signature;
        Sender = sender;
        Span<byte> hash = stackalloc byte[TransactionHash.SizeInBytes];
        Keccak256.Hash(raw, hash);
        Hash = TransactionHash.FromBytes(hash);
    }

    /// <summary>Gets the unsigned fields (a <see cref="LegacyTransaction"/> or an <see cref="Eip1559Transaction"/>).</summary>
    public EthereumTransaction Transaction { get; }

    /// <summary>Gets the envelope type.</summary>
    public TransactionType Type => Transaction.Type;

    /// <summary>Gets the raw signed bytes (for a typed transaction, starting with the type byte).</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw;

    /// <summary>Gets the transaction hash: Keccak-256 of <see cref="RawBytes"/>.</summary>
    public TransactionHash Hash { get; }

    /// <summary>Gets the sender: the address of the key that signed.</summary>
    public EthereumAddress Sender { get; }

    /// <summary>Gets the low-S signature; its recovery id is the y parity (0 or 1).</summary>
    public RecoverableSignature Signature { get; }

    /// <summary>Decodes raw signed bytes of a legacy EIP-155 or an EIP-1559 (type 2) transaction and recovers the sender.</summary>
    /// <param name="raw">The bytes exactly as broadcast: nothing before, nothing after.</param>
    /// <returns>The transaction; its <see cref="RawBytes"/> are a copy of <paramref name="raw"/>.</returns>
    /// <exception cref="Rlp.RlpFormatException">The bytes are not canonical RLP, are truncated or have trailing bytes.</exception>
    /// <exception cref="TransactionFormatException">
    /// An unsupported type, wrong field count, an address not of 20 bytes, a <c>v</c> that is not EIP-155 or a
    /// <c>yParity</c> other than 0 or 1, fields that signing refuses (a max priority fee per gas above the max fee per
    /// gas), r or s out of range, a high-S signature, or no recoverable sender.
    /// </exception>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw) => TransactionDecoder.Decode(raw);

    /// <summary>Returns the raw bytes as <c>0x</c> and lower-case hex, the form <c>eth_sendRawTransaction</c> takes.</summary>
    /// <returns>The text.</returns>
    public string ToHexString() => Hex.Encode(_raw, withPrefix: true);

    /// <summary>Returns the type, hash, sender and nonce (not the raw bytes).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Type} transaction {Hash} from {Sender}, nonce {Transaction.Nonce}";
}
