using System.Globalization;
using System.Security.Cryptography;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash.Addresses;

/// <summary>Decodes Base58Check text into its payload with the typed errors of this package, never echoing the text.</summary>
internal static class Base58CheckDecoder
{
    /// <summary>Decodes and checks the checksum; the caller owns (and for keys wipes) the payload.</summary>
    public static byte[] Decode(string? text, string what, int expectedLength, int? alternativeLength = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new Base58CheckFormatException($"Expected {what}; found empty text.");
        }

        if (!Base58.TryDecode(text, out byte[] data))
        {
            throw new Base58CheckFormatException($"Expected {what} in Base58 (digits and letters except 0, O, I and l); the text has other characters.");
        }

        try
        {
            if (data.Length < 5)
            {
                throw LengthError(what, data.Length - 4, expectedLength, alternativeLength);
            }

            if (!Base58Check.TryDecode(text, out byte[] payload))
            {
                throw new Base58ChecksumException($"The checksum of the {what} does not match: a character is probably mistyped or missing.");
            }

            if (payload.Length != expectedLength && payload.Length != alternativeLength)
            {
                int length = payload.Length;
                CryptographicOperations.ZeroMemory(payload);
                throw LengthError(what, length, expectedLength, alternativeLength);
            }

            return payload;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>Names the Dash network and kind a version byte belongs to, for a wrong-network message.</summary>
    public static string DescribeVersion(byte version, bool wif)
    {
        foreach (var network in new[] { DashNetworks.Mainnet, DashNetworks.Testnet })
        {
            string name = network == DashNetworks.Testnet ? "dash-testnet or dash-regtest" : network.Name;
            if (!wif && version == network.PublicKeyHashVersion)
            {
                return string.Create(CultureInfo.InvariantCulture, $"0x{version:X2}, a {name} P2PKH address");
            }

            if (!wif && version == network.ScriptHashVersion)
            {
                return string.Create(CultureInfo.InvariantCulture, $"0x{version:X2}, a {name} P2SH address");
            }

            if (wif && version == network.WifVersion)
            {
                return string.Create(CultureInfo.InvariantCulture, $"0x{version:X2}, a {name} key");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"0x{version:X2}");
    }

    private static Base58LengthException LengthError(string what, int found, int expected, int? alternative)
    {
        string lengths = alternative is int other
            ? string.Create(CultureInfo.InvariantCulture, $"{expected} or {other}")
            : expected.ToString(CultureInfo.InvariantCulture);
        return new Base58LengthException(
            string.Create(CultureInfo.InvariantCulture, $"Expected {what} of {lengths} bytes (version byte included) before the checksum; found {Math.Max(found, 0)}."),
            Math.Max(found, 0));
    }
}
