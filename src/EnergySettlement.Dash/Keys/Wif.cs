using System.Globalization;
using System.Security.Cryptography;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash.Keys;

/// <summary>
/// Wallet Import Format: a private key as Base58Check text, <c>version ‖ 32-byte key [‖ 0x01]</c>, where the trailing
/// 0x01 says that the key's public key is used compressed (33 bytes) — which decides its P2PKH address. Dash mainnet
/// keys start with <c>X</c> (compressed) or <c>7</c> (uncompressed); testnet and regtest keys with <c>c</c> or <c>9</c>.
/// </summary>
/// <remarks>Thread-safe. Key bytes pass only through buffers that are wiped; messages never contain the text.</remarks>
public static class Wif
{
    private const int UncompressedLength = 1 + Secp256k1PrivateKey.KeyLength;
    private const int CompressedLength = UncompressedLength + 1;

    /// <summary>Encodes a private key as WIF for <paramref name="network"/>. The result is a secret: never log it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="compressed">Whether the key's public key is used compressed (the usual choice).</param>
    /// <param name="network">The network (its WIF version byte).</param>
    /// <returns>The WIF text.</returns>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public static string Encode(Secp256k1PrivateKey key, bool compressed, UtxoNetwork network)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(network);
        Span<byte> payload = stackalloc byte[CompressedLength];
        try
        {
            payload[0] = network.WifVersion;
            key.WriteBytes(payload[1..]);
            payload[^1] = 0x01;
            return Base58Check.Encode(compressed ? payload : payload[..UncompressedLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>Decodes WIF text of <paramref name="network"/>.</summary>
    /// <param name="wif">The WIF text.</param>
    /// <param name="network">The network the key must belong to.</param>
    /// <param name="compressed">Whether the key's public key is used compressed.</param>
    /// <returns>The key; dispose it when done.</returns>
    /// <exception cref="Base58ChecksumException">The checksum does not match.</exception>
    /// <exception cref="Base58LengthException">The payload is neither 33 nor 34 bytes.</exception>
    /// <exception cref="WrongNetworkException">The version byte is not the network's WIF version.</exception>
    /// <exception cref="Base58CheckFormatException">The text is not Base58, a 34-byte payload does not end in 0x01, or the
    /// key is 0 or not below the curve order.</exception>
    public static Secp256k1PrivateKey Decode(string wif, UtxoNetwork network, out bool compressed)
    {
        ArgumentNullException.ThrowIfNull(network);
        byte[] payload = Base58CheckDecoder.Decode(wif, "a WIF private key", UncompressedLength, CompressedLength);
        try
        {
            if (payload[0] != network.WifVersion)
            {
                throw new WrongNetworkException(
                    string.Create(CultureInfo.InvariantCulture, $"The WIF key is not a {network.Name} key: its version byte is {Base58CheckDecoder.DescribeVersion(payload[0], wif: true)}; {network.Name} uses 0x{network.WifVersion:X2}."),
                    network.Name,
                    payload[0]);
            }

            compressed = payload.Length == CompressedLength;
            if (compressed && payload[^1] != 0x01)
            {
                throw new Base58CheckFormatException("A 34-byte WIF payload must end in 0x01 (compressed public key); this one does not.");
            }

            try
            {
                return Secp256k1PrivateKey.FromBytes(payload.AsSpan(1, Secp256k1PrivateKey.KeyLength));
            }
            catch (ArgumentException)
            {
                throw new Base58CheckFormatException("The WIF payload is not a valid secp256k1 private key: the value must be between 1 and n - 1.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }
}
