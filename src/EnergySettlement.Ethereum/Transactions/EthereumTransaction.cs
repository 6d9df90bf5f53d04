using System.Buffers;
using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// An unsigned Ethereum transaction: the fields every envelope shares, and signing.
/// The concrete kinds are <see cref="LegacyTransaction"/> (EIP-155) and <see cref="Eip1559Transaction"/> (type 2).
/// </summary>
/// <remarks>
/// <para>Build one with an object initialiser and derive variants with <c>with</c> (for example a fee bump:
/// <c>tx with { MaxFeePerGas = …, MaxPriorityFeePerGas = … }</c>). Equality is by value, <see cref="Data"/>
/// and access lists compared byte by byte.</para>
/// <para>Signing is deterministic (RFC 6979) and low-S. <see cref="Sign"/> uses an in-process key;
/// <see cref="SignAsync"/> asks an <see cref="ISigner"/> (an HSM or KMS), normalising its signature to low-S and
/// recovering the recovery id against the signer's public key. <see cref="TryWriteSigned"/> signs into a caller's
/// buffer without allocating.</para>
/// <para>Immutable and thread-safe, provided the memory behind <see cref="Data"/> is not changed.</para>
/// </remarks>
public abstract record EthereumTransaction
{
    private const int StackBufferSize = 1024;

    private protected EthereumTransaction()
    {
    }

    /// <summary>Gets the envelope type.</summary>
    public abstract TransactionType Type { get; }

    /// <summary>Gets the chain id (EIP-155) the signature is bound to, for example 1 for Ethereum mainnet.</summary>
    /// <value>Required. Legacy transactions need a value above zero.</value>
    public required ulong ChainId { get; init; }

    /// <summary>Gets the sender's transaction count this transaction uses.</summary>
    /// <value>The default is 0.</value>
    public ulong Nonce { get; init; }

    /// <summary>Gets the most gas the transaction may use (units of gas; 21,000 for a plain transfer).</summary>
    /// <value>The default is 0, which no node accepts: set it.</value>
    public ulong GasLimit { get; init; }

    /// <summary>Gets the recipient, or <see langword="null"/> to create a contract from <see cref="Data"/>.</summary>
    /// <value>The default is <see langword="null"/> (contract creation).</value>
    public EthereumAddress? To { get; init; }

    /// <summary>Gets the amount of the native coin sent, in wei (10^-18 ether).</summary>
    /// <value>The default is 0.</value>
    public UInt256 Value { get; init; }

    /// <summary>Gets the call data (or init code when <see cref="To"/> is <see langword="null"/>).</summary>
    /// <value>The default is empty.</value>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Computes the digest the signature is made over.</summary>
    /// <returns>The signing hash (not the transaction hash, which depends on the signature).</returns>
    /// <exception cref="InvalidOperationException">The fields are not valid for this envelope (a legacy transaction with chain id 0, or a priority fee above the maximum fee).</exception>
    public SigningHash GetSigningHash()
    {
        Validate();
        Span<byte> hash = stackalloc byte[SigningHash.SizeInBytes];
        WriteSigningHash(hash);
        return SigningHash.FromBytes(hash);
    }

    /// <summary>Signs with an in-process key.</summary>
    /// <param name="privateKey">The sender's key.</param>
    /// <returns>The signed transaction with its raw bytes, hash and sender.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="privateKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The fields are not valid for this envelope.</exception>
    public SignedTransaction Sign(Secp256k1PrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        Validate();
        Span<byte> hash = stackalloc byte[SigningHash.SizeInBytes];
        WriteSigningHash(hash);
        RecoverableSignature signature = privateKey.Sign(hash);
        return CreateSigned(signature, EthereumAddress.FromPublicKey(privateKey.PublicKey));
    }

    /// <summary>Signs with an in-process key and writes the raw signed bytes into <paramref name="destination"/>, without allocating.</summary>
    /// <param name="privateKey">The sender's key.</param>
    /// <param name="destination">Where to write; <see cref="GetMaxSignedLength"/> bytes always suffice.</param>
    /// <param name="bytesWritten">The length of the signed transaction, or 0 when the destination was too small.</param>
    /// <returns>Whether the destination was large enough.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="privateKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The fields are not valid for this envelope.</exception>
    public bool TryWriteSigned(Secp256k1PrivateKey privateKey, Span<byte> destination, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        Validate();
        Span<byte> hash = stackalloc byte[SigningHash.SizeInBytes];
        WriteSigningHash(hash);
        SignatureFields trailer = GetSignatureFields(privateKey.Sign(hash));
        int length = GetEncodedLength(trailer);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        Encode(destination[..length], trailer);
        bytesWritten = length;
        return true;
    }

    /// <summary>Gets an upper bound of the signed length (r and s taken as 32 bytes each), to size a buffer for <see cref="TryWriteSigned"/>.</summary>
    /// <returns>The bound in bytes.</returns>
    public int GetMaxSignedLength()
    {
        UInt256 maxV = Type == TransactionType.Legacy ? ((UInt256)ChainId * 2UL) + 36UL : UInt256.One;
        return GetEncodedLength(new SignatureFields(maxV, UInt256.MaxValue, UInt256.MaxValue));
    }

    /// <summary>Signs with an external signer (an HSM, a KMS, or <see cref="LocalKeySigner"/>).</summary>
    /// <param name="signer">A secp256k1 signer. Its signature may be high-S and may lack a recovery id: it is normalised to low-S and the recovery id is found against <see cref="ISigner.PublicKey"/>.</param>
    /// <param name="cancellationToken">Cancels the request to the signer.</param>
    /// <returns>The signed transaction; its sender is the signer's address.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The signer does not use secp256k1 or its public key is not a valid secp256k1 key.</exception>
    /// <exception cref="TransactionSigningException">The signature is out of range or does not match the signer's public key.</exception>
    /// <exception cref="EnergySettlementException">The signer failed (see its <see cref="EnergySettlementException.IsTransient"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<SignedTransaction> SignAsync(ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (signer.Algorithm != SignatureAlgorithm.Secp256k1)
        {
            throw new ArgumentException($"An Ethereum transaction needs a secp256k1 signer; this one uses '{signer.Algorithm}'.", nameof(signer));
        }

        if (!Secp256k1PublicKey.TryParse(signer.PublicKey.Span, out Secp256k1PublicKey publicKey))
        {
            throw new ArgumentException("The signer's public key is not a valid SEC 1 secp256k1 key (33 or 65 bytes, on the curve).", nameof(signer));
        }

        byte[] digest = GetSigningHash().ToArray();
        DigestSignature answer = await signer.SignDigestAsync(digest, cancellationToken).ConfigureAwait(false);
        RecoverableSignature signature = ExternalSignature.Normalize(digest, answer, publicKey);
        return CreateSigned(signature, EthereumAddress.FromPublicKey(publicKey));
    }

    /// <summary>Value equality: same envelope type and equal fields, <see cref="Data"/> compared byte by byte.</summary>
    /// <param name="other">The other transaction.</param>
    /// <returns>Whether they are equal.</returns>
    public virtual bool Equals(EthereumTransaction? other)
        => ReferenceEquals(this, other)
            || (other is not null
                && EqualityContract == other.EqualityContract
                && ChainId == other.ChainId
                && Nonce == other.Nonce
                && GasLimit == other.GasLimit
                && To == other.To
                && Value == other.Value
                && Data.Span.SequenceEqual(other.Data.Span));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(EqualityContract, ChainId, Nonce, GasLimit, To, Value, Data.Length);

    internal abstract int GetFieldsLength();

    internal abstract void WriteFields(ref RlpWriter writer);

    /// <summary>The trailer of the signing form: (chainId, 0, 0) for EIP-155 legacy, none for typed envelopes.</summary>
    internal abstract SignatureFields? GetSigningFields();

    /// <summary>The trailer of the signed form: (v, r, s) or (yParity, r, s).</summary>
    internal abstract SignatureFields GetSignatureFields(RecoverableSignature signature);

    /// <summary>Throws when the fields break a rule of their envelope (see <see cref="FindInvalidField"/>).</summary>
    internal void Validate()
    {
        if (FindInvalidField() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
    }

    /// <summary>
    /// The validity rule the fields break, or <see langword="null"/>: the one check signing and decoding share, so that the
    /// decoder never accepts what the signer (and every node) refuses.
    /// </summary>
    internal virtual string? FindInvalidField() => null;

    internal int GetEncodedLength(SignatureFields? trailer)
    {
        int payload = GetFieldsLength() + (trailer?.EncodedLength ?? 0);
        return (Type == TransactionType.Legacy ? 0 : 1) + RlpWriter.GetListLength(payload);
    }

    internal void Encode(Span<byte> destination, SignatureFields? trailer)
    {
        var writer = new RlpWriter(destination);
        if (Type != TransactionType.Legacy)
        {
            writer.WriteByte((byte)Type);
        }

        writer.WriteListHeader(GetFieldsLength() + (trailer?.EncodedLength ?? 0));
        WriteFields(ref writer);
        trailer?.Write(ref writer);
    }

    /// <summary>Hashes the signing form without validating the fields (decoding computes it for whatever the wire held).</summary>
    internal void WriteSigningHash(Span<byte> destination)
    {
        SignatureFields? trailer = GetSigningFields();
        int length = GetEncodedLength(trailer);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackBufferSize
            ? stackalloc byte[StackBufferSize]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Encode(buffer[..length], trailer);
            Keccak256.Hash(buffer[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    internal SignedTransaction CreateSigned(RecoverableSignature signature, EthereumAddress sender)
    {
        SignatureFields trailer = GetSignatureFields(signature);
        byte[] raw = new byte[GetEncodedLength(trailer)];
        Encode(raw, trailer);
        return new SignedTransaction(this, raw, signature, sender);
    }

    private protected static int GetAddressLength(EthereumAddress? address) => address is null ? 1 : 1 + EthereumAddress.SizeInBytes;

    private protected static void WriteAddress(ref RlpWriter writer, EthereumAddress? address)
    {
        if (address is not { } value)
        {
            writer.WriteString(ReadOnlySpan<byte>.Empty);
            return;
        }

        Span<byte> bytes = stackalloc byte[EthereumAddress.SizeInBytes];
        value.WriteBytes(bytes);
        writer.WriteString(bytes);
    }

    private protected static byte GetYParity(RecoverableSignature signature)
        => signature.RecoveryId <= 1
            ? signature.RecoveryId
            : throw new TransactionSigningException(
                $"The signature's recovery id is {signature.RecoveryId}; an Ethereum transaction can only carry 0 or 1.");

    /// <summary>Prints the shared fields, <see cref="Data"/> as hex (at most 64 bytes shown).</summary>
    /// <param name="builder">The builder to append to.</param>
    /// <returns>Always <see langword="true"/>.</returns>
    protected virtual bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ReadOnlySpan<byte> data = Data.Span;
        builder.Append("ChainId = ").Append(ChainId)
            .Append(", Nonce = ").Append(Nonce)
            .Append(", GasLimit = ").Append(GasLimit)
            .Append(", To = ").Append(To is { } to ? to.ToString() : "(contract creation)")
            .Append(", Value = ").Append(Value.ToString())
            .Append(", Data = ").Append(Hex.Encode(data.Length <= 64 ? data : data[..64], withPrefix: true))
            .Append(data.Length <= 64 ? string.Empty : $"… ({data.Length} bytes)");
        return true;
    }
}
