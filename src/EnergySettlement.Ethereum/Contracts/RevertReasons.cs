using System.Text;
using System.Text.Json;
using EnergySettlement.Crypto;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>Names the BatchSettlement custom errors (and Solidity's <c>Error(string)</c>) found in revert data.</summary>
internal static class RevertReasons
{
    private static readonly (byte[] Selector, string Meaning)[] Known =
    [
        (AbiEncoder.Selector("BatchAlreadySettled(address,bytes32)"), "BatchAlreadySettled: the payer already settled this batch id on chain"),
        (AbiEncoder.Selector("MalformedBatch(uint256,uint256,uint256)"), "MalformedBatch: payees, amounts and references differ in length or are empty"),
        (AbiEncoder.Selector("ValueMismatch(uint256,uint256)"), "ValueMismatch: the ether sent differs from the sum of the payouts"),
        (AbiEncoder.Selector("NativeTransferFailed(address,uint256)"), "NativeTransferFailed: a payee refused the ether (a contract without a payable receive)"),
        (AbiEncoder.Selector("TokenTransferFailed(address,address,uint256)"), "TokenTransferFailed: the token's transferFrom failed (allowance or balance too low, or not a token)"),
    ];

    private static readonly byte[] ErrorString = AbiEncoder.Selector("Error(string)");

    /// <summary>Describes revert data (a JSON string of hex, as nodes put it in the error's <c>data</c>).</summary>
    public static string Describe(string? data)
    {
        var bytes = Decode(data);
        if (bytes is null || bytes.Length < 4)
        {
            return "no revert reason given";
        }

        foreach (var (selector, meaning) in Known)
        {
            if (bytes.AsSpan(0, 4).SequenceEqual(selector))
            {
                return meaning;
            }
        }

        if (bytes.AsSpan(0, 4).SequenceEqual(ErrorString) && bytes.Length >= 4 + 64)
        {
            var length = (int)Math.Min(1024, (ulong)Numerics.UInt256.ReadBigEndian(bytes.AsSpan(4 + 32, 32)));
            if (bytes.Length >= 4 + 64 + length)
            {
                return "Error(\"" + Encoding.UTF8.GetString(bytes, 4 + 64, length) + "\")";
            }
        }

        return "custom error 0x" + Hex.Encode(bytes.AsSpan(0, 4));
    }

    private static byte[]? Decode(string? data)
    {
        if (data is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(data);
            var text = document.RootElement.ValueKind switch
            {
                JsonValueKind.String => document.RootElement.GetString(),
                JsonValueKind.Object when document.RootElement.TryGetProperty("data", out var inner) => inner.GetString(),
                _ => null,
            };
            return text is null ? null : Hex.Decode(text);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
