using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// Decodes revert data into the contract's custom error (both contract versions), with its arguments, or Solidity's
/// <c>Error(string)</c>: the <see cref="ChainRequestException.ErrorCode"/> and a description for the exception message.
/// </summary>
internal static class RevertReasons
{
    private static readonly KnownError[] Known =
    [
        new("BatchAlreadySettled(address,bytes32)", BatchSettlementErrorCodes.BatchAlreadySettled, "the payer already settled this batch id on chain", "payer", "batch key"),
        new("BatchAlreadySettled(address,uint256)", BatchSettlementErrorCodes.BatchAlreadySettled, "the payer already settled this batch number on chain", "payer", "batch number"),
        new("MalformedBatch(uint256,uint256,uint256)", BatchSettlementErrorCodes.MalformedBatch, "payees, amounts and references differ in length or are empty", "payees", "amounts", "references"),
        new("MalformedBatch(uint256,uint256)", BatchSettlementErrorCodes.MalformedBatch, "no payouts, or payouts and references differ in length", "payouts", "references"),
        new("ValueMismatch(uint256,uint256)", BatchSettlementErrorCodes.ValueMismatch, "the ether sent differs from the sum of the payouts", "expected", "received"),
        new("TotalMismatch(uint256,uint256)", BatchSettlementErrorCodes.TotalMismatch, "the token amounts paid differ from the declared total", "declared", "paid"),
        new("NativeTransferFailed(address,uint256)", BatchSettlementErrorCodes.NativeTransferFailed, "a payee refused the ether (a contract without a payable receive, or one that reverts)", "payee", "amount"),
        new("NotAToken(address)", BatchSettlementErrorCodes.NotAToken, "the token address holds no ERC-20 contract", "token"),
        new("TokenTransferFailed(address,address,uint256)", BatchSettlementErrorCodes.TokenTransferFailed, "a token transfer failed or returned false (allowance or balance too low, or not a token)", "token", "to", "amount"),
        new("FeeOnTransferToken(address,uint256,uint256)", BatchSettlementErrorCodes.FeeOnTransferToken, "the token delivered another amount than it moved (a fee-on-transfer token): refused rather than paying short", "token", "expected", "received"),
    ];

    private static readonly byte[] ErrorString = AbiEncoder.Selector("Error(string)");

    /// <summary>Decodes revert data (a JSON string of hex, as nodes put it in the error's <c>data</c>).</summary>
    /// <returns>The error code (a <see cref="BatchSettlementErrorCodes"/> constant) and a description.</returns>
    public static (string ErrorCode, string Description) Decode(string? data)
    {
        var bytes = ReadData(data);
        if (bytes is null || bytes.Length < 4)
        {
            return (BatchSettlementErrorCodes.ExecutionReverted, "no revert reason given");
        }

        foreach (var error in Known)
        {
            if (bytes.AsSpan(0, 4).SequenceEqual(error.Selector))
            {
                return (error.Code, error.Describe(bytes.AsSpan(4)));
            }
        }

        if (bytes.AsSpan(0, 4).SequenceEqual(ErrorString) && bytes.Length >= 4 + 64)
        {
            var length = (int)Math.Min(1024, (ulong)UInt256.ReadBigEndian(bytes.AsSpan(4 + 32, 32)));
            if (bytes.Length >= 4 + 64 + length)
            {
                return (BatchSettlementErrorCodes.ExecutionReverted, "Error(\"" + Encoding.UTF8.GetString(bytes, 4 + 64, length) + "\")");
            }
        }

        return (BatchSettlementErrorCodes.ExecutionReverted, "custom error 0x" + Hex.Encode(bytes.AsSpan(0, 4)));
    }

    /// <summary>Describes revert data: the error with its arguments and what it means.</summary>
    public static string Describe(string? data) => Decode(data).Description;

    private static byte[]? ReadData(string? data)
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

    private sealed class KnownError
    {
        private readonly string _name;
        private readonly string[] _types;
        private readonly string[] _labels;
        private readonly string _meaning;

        public KnownError(string signature, string code, string meaning, params string[] labels)
        {
            Selector = AbiEncoder.Selector(signature);
            Code = code;
            _meaning = meaning;
            _labels = labels;
            var open = signature.IndexOf('(', StringComparison.Ordinal);
            _name = signature[..open];
            _types = signature[(open + 1)..^1].Split(',');
        }

        public byte[] Selector { get; }

        public string Code { get; }

        /// <summary>Name(label value, …): meaning. Arguments are shown only when the data holds all of them.</summary>
        public string Describe(ReadOnlySpan<byte> arguments)
        {
            var text = new StringBuilder(_name).Append('(');
            if (arguments.Length >= 32 * _types.Length)
            {
                for (var i = 0; i < _types.Length; i++)
                {
                    var word = arguments.Slice(32 * i, 32);
                    text.Append(i == 0 ? string.Empty : ", ").Append(_labels[i]).Append(' ').Append(_types[i] switch
                    {
                        "address" => AbiEncoder.ReadAddress(word).ToString(),
                        "bytes32" => Hex.Encode(word, withPrefix: true),
                        _ => UInt256.ReadBigEndian(word).ToString(null, CultureInfo.InvariantCulture),
                    });
                }
            }

            return text.Append("): ").Append(_meaning).ToString();
        }
    }
}
