using System.Text;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>One ABI-encodable argument: a static word or a dynamic array.</summary>
internal abstract class AbiValue
{
    /// <summary>Gets whether the value is dynamic (encoded in the tail, referenced by an offset in the head).</summary>
    public abstract bool IsDynamic { get; }

    public static AbiValue Word(UInt256 value) => new WordValue(value);

    public static AbiValue Bytes32(ReadOnlySpan<byte> value32) => new Bytes32Value(value32.ToArray());

    public static AbiValue Address(EthereumAddress address) => new AddressValue(address);

    public static AbiValue Addresses(IReadOnlyList<EthereumAddress> addresses) => new AddressArray(addresses);

    public static AbiValue Words(IReadOnlyList<UInt256> values) => new WordArray(values);

    public static AbiValue Strings(IReadOnlyList<string> values) => new StringArray(values);

    /// <summary>Encodes the value: the word for a static value, length and content for a dynamic one.</summary>
    public abstract byte[] Encode();

    private sealed class WordValue(UInt256 value) : AbiValue
    {
        public override bool IsDynamic => false;

        public override byte[] Encode()
        {
            var word = new byte[32];
            value.WriteBigEndian32(word);
            return word;
        }
    }

    private sealed class Bytes32Value : AbiValue
    {
        private readonly byte[] _value;

        public Bytes32Value(byte[] value)
        {
            if (value.Length != 32)
            {
                throw new ArgumentException($"A bytes32 value has 32 bytes; found {value.Length}.", nameof(value));
            }

            _value = value;
        }

        public override bool IsDynamic => false;

        public override byte[] Encode() => (byte[])_value.Clone();
    }

    private sealed class AddressValue(EthereumAddress address) : AbiValue
    {
        public override bool IsDynamic => false;

        public override byte[] Encode()
        {
            using var stream = new MemoryStream(32);
            AbiEncoder.WriteAddress(stream, address);
            return stream.ToArray();
        }
    }

    private sealed class AddressArray(IReadOnlyList<EthereumAddress> addresses) : AbiValue
    {
        public override bool IsDynamic => true;

        public override byte[] Encode()
        {
            using var stream = new MemoryStream(32 * (addresses.Count + 1));
            AbiEncoder.WriteWord(stream, (ulong)addresses.Count);
            foreach (var a in addresses)
            {
                AbiEncoder.WriteAddress(stream, a);
            }

            return stream.ToArray();
        }
    }

    private sealed class WordArray(IReadOnlyList<UInt256> values) : AbiValue
    {
        public override bool IsDynamic => true;

        public override byte[] Encode()
        {
            using var stream = new MemoryStream(32 * (values.Count + 1));
            AbiEncoder.WriteWord(stream, (ulong)values.Count);
            foreach (var v in values)
            {
                AbiEncoder.WriteWord(stream, v);
            }

            return stream.ToArray();
        }
    }

    private sealed class StringArray(IReadOnlyList<string> values) : AbiValue
    {
        public override bool IsDynamic => true;

        public override byte[] Encode()
        {
            // string[]: length, then one offset per element (relative to the first offset word), then each string.
            using var stream = new MemoryStream();
            AbiEncoder.WriteWord(stream, (ulong)values.Count);
            var encoded = new byte[values.Count][];
            var offset = 32L * values.Count;
            for (var i = 0; i < values.Count; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(values[i]);
                var padded = (bytes.Length + 31) / 32 * 32;
                encoded[i] = new byte[32 + padded];
                ((UInt256)(ulong)bytes.Length).WriteBigEndian32(encoded[i]);
                bytes.CopyTo(encoded[i], 32);
                AbiEncoder.WriteWord(stream, (ulong)offset);
                offset += encoded[i].Length;
            }

            foreach (var e in encoded)
            {
                stream.Write(e);
            }

            return stream.ToArray();
        }
    }
}
