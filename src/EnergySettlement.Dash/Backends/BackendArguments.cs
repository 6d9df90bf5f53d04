using System.Buffers;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;

namespace EnergySettlement.Dash.Backends;

/// <summary>Checks on what callers pass to a backend (misuse throws <see cref="ArgumentException"/>) and the txid of raw bytes.</summary>
internal static class BackendArguments
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> AddressCharacters = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Checks that an address is 1 to 100 ASCII letters and digits (Base58 and Bech32 both are), so it is safe in
    /// a URL path; whether it is valid on the chain is the backend's answer.</summary>
    public static string Address(string address, string paramName = "address")
    {
        ArgumentNullException.ThrowIfNull(address, paramName);
        if (address.Length is 0 or > 100 || address.AsSpan().ContainsAnyExcept(AddressCharacters))
        {
            throw new ArgumentException("An address is 1 to 100 ASCII letters and digits (Base58Check).", paramName);
        }

        return address;
    }

    /// <summary>Gets a Bitcoin-family txid as 64 lower-case hex digits.</summary>
    public static string TransactionId(ChainTransactionId transactionId, string paramName = "transactionId")
    {
        var text = transactionId.Value;
        if (!IsHash(text))
        {
            throw new ArgumentException($"'{text}' is not a transaction id of this chain: expected 64 hex digits (byte-reversed, as explorers show it).", paramName);
        }

        return text.ToLowerInvariant();
    }

    public static ReadOnlyMemory<byte> RawTransaction(ReadOnlyMemory<byte> rawTransaction, string paramName = "rawTransaction")
    {
        if (rawTransaction.Length < 10)
        {
            throw new ArgumentException("A serialised transaction has at least version, input count, output count and lock time (10 bytes).", paramName);
        }

        return rawTransaction;
    }

    public static bool IsHash(string? text) => text is { Length: 64 } && !text.AsSpan().ContainsAnyExcept(HexDigits);

    /// <summary>The txid of serialised bytes: SHA-256d, shown byte-reversed, in lower-case hex.</summary>
    public static string ComputeTransactionId(ReadOnlySpan<byte> rawTransaction)
    {
        Span<byte> hash = stackalloc byte[Sha256d.HashSizeInBytes];
        Sha256d.Hash(rawTransaction, hash);
        hash.Reverse();
        return Hex.Encode(hash);
    }
}
