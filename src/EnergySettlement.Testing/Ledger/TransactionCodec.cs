using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>
/// The canonical byte encoding of a simulated transaction, and its id (lower-case hex SHA-256 of the encoding).
/// </summary>
/// <remarks>
/// Layout, all integers big-endian, every text a 16-bit length then UTF-8 bytes:
/// magic <c>ESIM</c> ‖ version 1 ‖ chain id ‖ batch id ‖ payer address ‖ asset id ‖ uint16 payout count ‖ for each payout
/// (payee address ‖ int128 amount ‖ uint8 has-reference ‖ reference when present) ‖ int128 fee ‖ uint64 sequence.
/// Decoding is strict: anything else (other version, trailing bytes, bad text) is refused.
/// </remarks>
internal static class TransactionCodec
{
    private static readonly byte[] Magic = "ESIM"u8.ToArray();
    private const byte Version = 1;

    public static byte[] Encode(ChainId chainId, SettlementBatchId batchId, SettlementAccount payer, Asset asset, IReadOnlyList<Payout> payouts, Int128 fee, ulong sequence)
    {
        using var stream = new MemoryStream();
        stream.Write(Magic);
        stream.WriteByte(Version);
        WriteText(stream, chainId.ToString());
        WriteText(stream, batchId.Value);
        WriteText(stream, payer.Address);
        WriteText(stream, asset.Id.ToString());
        WriteUInt16(stream, checked((ushort)payouts.Count));
        foreach (var payout in payouts)
        {
            WriteText(stream, payout.Payee.Address);
            WriteInt128(stream, payout.Amount.Amount);
            if (payout.Reference is null)
            {
                stream.WriteByte(0);
            }
            else
            {
                stream.WriteByte(1);
                WriteText(stream, payout.Reference);
            }
        }

        WriteInt128(stream, fee);
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, sequence);
        stream.Write(buffer);
        return stream.ToArray();
    }

    public static ChainTransactionId ComputeId(ReadOnlySpan<byte> raw) => new(LowerHex.Format(SHA256.HashData(raw)));

    /// <summary>Decodes bytes produced by <see cref="Encode"/> for a chain with <paramref name="rules"/>.</summary>
    /// <returns>The transaction, or <see langword="null"/> with <paramref name="reason"/> when the bytes are not a valid transaction of this chain.</returns>
    public static SimulatedTransaction? TryDecode(SimulatedChainRules rules, ReadOnlySpan<byte> raw, out string reason)
    {
        try
        {
            var reader = new Reader(raw.ToArray());
            if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic) || reader.ReadByte() != Version)
            {
                reason = "not a simulated-chain transaction (bad magic or version)";
                return null;
            }

            var chain = reader.ReadText();
            if (!string.Equals(chain, rules.ChainId.ToString(), StringComparison.Ordinal))
            {
                reason = $"the transaction is for chain '{chain}', not '{rules.ChainId}'";
                return null;
            }

            var batchId = new SettlementBatchId(reader.ReadText());
            var payer = SettlementAccount.Create(rules.ChainId, reader.ReadText());
            var asset = rules.FindAsset(AssetId.Parse(reader.ReadText()));
            if (asset is null)
            {
                reason = "the transaction pays an asset this chain does not carry";
                return null;
            }

            var count = reader.ReadUInt16();
            var payouts = new Payout[count];
            for (var i = 0; i < count; i++)
            {
                var payee = SettlementAccount.Create(rules.ChainId, reader.ReadText());
                var amount = new Money(reader.ReadInt128(), asset);
                var reference = reader.ReadByte() switch
                {
                    0 => null,
                    1 => reader.ReadText(),
                    _ => throw new FormatException("bad reference flag"),
                };
                payouts[i] = new Payout(payee, amount, reference);
            }

            var fee = reader.ReadInt128();
            var sequence = reader.ReadUInt64();
            if (!reader.AtEnd)
            {
                reason = "trailing bytes after the transaction";
                return null;
            }

            if (count == 0 || fee < 0)
            {
                reason = "a transaction needs at least one payout and a non-negative fee";
                return null;
            }

            var canonical = raw.ToArray();
            reason = string.Empty;
            return new SimulatedTransaction(batchId, payer, asset, Array.AsReadOnly(payouts), new Money(fee, rules.NativeAsset), sequence, canonical);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or EndOfStreamException or DecoderFallbackException)
        {
            reason = "malformed transaction bytes: " + e.Message;
            return null;
        }
    }

    private static void WriteText(MemoryStream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteUInt16(stream, checked((ushort)bytes.Length));
        stream.Write(bytes);
    }

    private static void WriteUInt16(MemoryStream stream, ushort value)
    {
        Span<byte> buffer = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, value);
        stream.Write(buffer);
    }

    private static void WriteInt128(MemoryStream stream, Int128 value)
    {
        Span<byte> buffer = stackalloc byte[16];
        BinaryPrimitives.WriteInt128BigEndian(buffer, value);
        stream.Write(buffer);
    }

    private sealed class Reader(byte[] bytes)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private int _position;

        public bool AtEnd => _position == bytes.Length;

        public ReadOnlySpan<byte> ReadBytes(int count)
        {
            if (count > bytes.Length - _position)
            {
                throw new EndOfStreamException("the transaction ends early");
            }

            var span = bytes.AsSpan(_position, count);
            _position += count;
            return span;
        }

        public byte ReadByte() => ReadBytes(1)[0];

        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(ReadBytes(8));

        public Int128 ReadInt128() => BinaryPrimitives.ReadInt128BigEndian(ReadBytes(16));

        public string ReadText() => StrictUtf8.GetString(ReadBytes(ReadUInt16()));
    }
}
