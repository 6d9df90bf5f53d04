using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Addresses;

/// <summary>
/// A legacy Base58Check address of a Bitcoin-family network: a version byte (the network's P2PKH or P2SH version), the
/// 20-byte Hash160 of a public key or of a redeem script, and a 4-byte SHA-256d checksum. On Dash mainnet P2PKH
/// addresses start with <c>X</c> and P2SH with <c>7</c>; on testnet and regtest with <c>y</c> and <c>8</c>.
/// </summary>
/// <remarks>Immutable and thread-safe. Equality is by network, kind and hash. The default value is no address.</remarks>
public readonly struct UtxoAddress : IEquatable<UtxoAddress>
{
    /// <summary>The length of the payload: the version byte and the 20-byte hash.</summary>
    private const int PayloadLength = 1 + Hash160.HashSizeInBytes;

    private readonly byte[]? _hash;
    private readonly string? _text;
    private readonly UtxoNetwork? _network;

    private UtxoAddress(AddressKind kind, byte[] hash, UtxoNetwork network, string? text)
    {
        Kind = kind;
        _hash = hash;
        _network = network;
        if (text is null)
        {
            Span<byte> payload = stackalloc byte[PayloadLength];
            payload[0] = kind == AddressKind.PayToPublicKeyHash ? network.PublicKeyHashVersion : network.ScriptHashVersion;
            hash.CopyTo(payload[1..]);
            text = Base58Check.Encode(payload);
        }

        _text = text;
    }

    /// <summary>Gets what the address pays to.</summary>
    public AddressKind Kind { get; }

    /// <summary>Gets the 20-byte Hash160 of the public key or redeem script.</summary>
    public ReadOnlySpan<byte> Hash => _hash ?? throw new InvalidOperationException("This UtxoAddress is the default value and names no address.");

    /// <summary>Gets the network the address belongs to.</summary>
    public UtxoNetwork Network => _network ?? throw new InvalidOperationException("This UtxoAddress is the default value and names no address.");

    /// <summary>Gets the length of the locking script that pays the address: 25 bytes for P2PKH, 23 for P2SH.</summary>
    public int ScriptPubKeyLength => Kind == AddressKind.PayToPublicKeyHash ? Script.P2pkhLength : Script.P2shLength;

    /// <summary>Equality.</summary>
    public static bool operator ==(UtxoAddress left, UtxoAddress right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(UtxoAddress left, UtxoAddress right) => !left.Equals(right);

    /// <summary>Parses an address of <paramref name="network"/>.</summary>
    /// <param name="text">The Base58Check text.</param>
    /// <param name="network">The network the address must belong to.</param>
    /// <returns>The address.</returns>
    /// <exception cref="Base58ChecksumException">The checksum does not match (a typo).</exception>
    /// <exception cref="Base58LengthException">The payload is not 21 bytes.</exception>
    /// <exception cref="WrongNetworkException">The version byte is neither the network's P2PKH nor its P2SH version.</exception>
    /// <exception cref="Base58CheckFormatException">The text is empty or not Base58.</exception>
    public static UtxoAddress Parse(string text, UtxoNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        byte[] payload = Base58CheckDecoder.Decode(text, "an address", PayloadLength);
        byte version = payload[0];
        AddressKind kind;
        if (version == network.PublicKeyHashVersion)
        {
            kind = AddressKind.PayToPublicKeyHash;
        }
        else if (version == network.ScriptHashVersion)
        {
            kind = AddressKind.PayToScriptHash;
        }
        else
        {
            throw new WrongNetworkException(
                string.Create(CultureInfo.InvariantCulture, $"The address is not a {network.Name} address: its version byte is {Base58CheckDecoder.DescribeVersion(version, wif: false)}; {network.Name} uses 0x{network.PublicKeyHashVersion:X2} (P2PKH) and 0x{network.ScriptHashVersion:X2} (P2SH)."),
                network.Name,
                version);
        }

        return new UtxoAddress(kind, payload[1..], network, text);
    }

    /// <summary>Tries to parse an address of <paramref name="network"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="network">The network.</param>
    /// <param name="address">The address, when valid.</param>
    /// <returns><see langword="true"/> when the text is a valid address of the network.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, UtxoNetwork network, out UtxoAddress address)
    {
        ArgumentNullException.ThrowIfNull(network);
        address = default;
        if (text is null)
        {
            return false;
        }

        try
        {
            address = Parse(text, network);
            return true;
        }
        catch (Base58CheckFormatException)
        {
            return false;
        }
    }

    /// <summary>The P2PKH address of a public key: Hash160 of the SEC 1 bytes as given, so a compressed (33-byte) and an
    /// uncompressed (65-byte) encoding of the same key have different addresses.</summary>
    /// <param name="publicKey">The SEC 1 public key: 33 bytes starting 02/03, or 65 bytes starting 04.</param>
    /// <param name="network">The network.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException">The bytes are not a SEC 1 encoding's length and prefix.</exception>
    public static UtxoAddress FromPublicKey(ReadOnlySpan<byte> publicKey, UtxoNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        bool compressed = publicKey.Length == Secp256k1PublicKey.CompressedLength && publicKey[0] is 0x02 or 0x03;
        bool uncompressed = publicKey.Length == Secp256k1PublicKey.UncompressedLength && publicKey[0] == 0x04;
        if (!compressed && !uncompressed)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected a SEC 1 public key: 33 bytes starting 02 or 03, or 65 bytes starting 04; found {publicKey.Length} bytes."), nameof(publicKey));
        }

        return new UtxoAddress(AddressKind.PayToPublicKeyHash, Hash160.Hash(publicKey), network, null);
    }

    /// <summary>The P2SH address of a redeem script (BIP-16).</summary>
    /// <param name="redeemScript">The redeem script.</param>
    /// <param name="network">The network.</param>
    /// <returns>The address.</returns>
    public static UtxoAddress FromRedeemScript(ReadOnlySpan<byte> redeemScript, UtxoNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new UtxoAddress(AddressKind.PayToScriptHash, Hash160.Hash(redeemScript), network, null);
    }

    /// <summary>An address from its kind and 20-byte hash.</summary>
    /// <param name="kind">What it pays to.</param>
    /// <param name="hash">The 20-byte Hash160.</param>
    /// <param name="network">The network.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException">The hash is not 20 bytes or the kind is not defined.</exception>
    public static UtxoAddress FromHash(AddressKind kind, ReadOnlySpan<byte> hash, UtxoNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (hash.Length != Hash160.HashSizeInBytes)
        {
            throw new ArgumentException($"An address hash is 20 bytes; found {hash.Length}.", nameof(hash));
        }

        if (kind is not (AddressKind.PayToPublicKeyHash or AddressKind.PayToScriptHash))
        {
            throw new ArgumentException($"Unknown address kind {kind}.", nameof(kind));
        }

        return new UtxoAddress(kind, hash.ToArray(), network, null);
    }

    /// <summary>Reads the address a standard locking script pays (P2PKH or P2SH).</summary>
    /// <param name="scriptPubKey">The locking script.</param>
    /// <param name="network">The network.</param>
    /// <param name="address">The address, when the script is P2PKH or P2SH.</param>
    /// <returns><see langword="true"/> when the script pays an address.</returns>
    public static bool TryFromScriptPubKey(ReadOnlySpan<byte> scriptPubKey, UtxoNetwork network, out UtxoAddress address)
    {
        ArgumentNullException.ThrowIfNull(network);
        address = default;
        if (Script.IsP2pkh(scriptPubKey))
        {
            address = FromHash(AddressKind.PayToPublicKeyHash, scriptPubKey.Slice(3, 20), network);
            return true;
        }

        if (Script.IsP2sh(scriptPubKey))
        {
            address = FromHash(AddressKind.PayToScriptHash, scriptPubKey.Slice(2, 20), network);
            return true;
        }

        return false;
    }

    /// <summary>Writes the locking script that pays this address.</summary>
    /// <param name="destination">At least <see cref="ScriptPubKeyLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public int WriteScriptPubKey(Span<byte> destination)
    {
        if (destination.Length < ScriptPubKeyLength)
        {
            throw new ArgumentException($"The destination must hold {ScriptPubKeyLength} bytes.", nameof(destination));
        }

        if (Kind == AddressKind.PayToPublicKeyHash)
        {
            Script.WriteP2pkh(destination, Hash);
        }
        else
        {
            Script.WriteP2sh(destination, Hash);
        }

        return ScriptPubKeyLength;
    }

    /// <summary>Returns the locking script that pays this address.</summary>
    /// <returns>The script (25 bytes for P2PKH, 23 for P2SH).</returns>
    public byte[] GetScriptPubKey()
    {
        var script = new byte[ScriptPubKeyLength];
        WriteScriptPubKey(script);
        return script;
    }

    /// <inheritdoc />
    public bool Equals(UtxoAddress other) =>
        Kind == other.Kind && Equals(_network, other._network) && _hash.AsSpan().SequenceEqual(other._hash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UtxoAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _text is null ? 0 : StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>Returns the Base58Check text, or an empty string for the default value.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text ?? string.Empty;
}
