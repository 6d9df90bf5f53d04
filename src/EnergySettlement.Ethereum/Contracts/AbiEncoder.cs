using System.Text;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// The few Solidity ABI encodings the adapter needs: function selectors and call data with static words
/// (<c>bytes32</c>, <c>address</c>, <c>uint256</c>) and dynamic arrays of addresses, uint256 and strings.
/// </summary>
/// <remarks>Follows the Solidity ABI specification: 32-byte words, dynamic values as offsets in the head and data in the
/// tail, offsets of array elements relative to the start of the array's content (after its length word).</remarks>
internal static class AbiEncoder
{
    /// <summary>The first 4 bytes of Keccak-256 of a canonical function signature such as <c>transfer(address,uint256)</c>.</summary>
    public static byte[] Selector(string signature)
    {
        var hash = Keccak256.Hash(Encoding.ASCII.GetBytes(signature));
        return hash[..4];
    }

    /// <summary>Keccak-256 of an event signature: the event's first topic.</summary>
    public static byte[] EventTopic(string signature) => Keccak256.Hash(Encoding.ASCII.GetBytes(signature));

    /// <summary>Encodes a call: selector then the arguments' head and tail.</summary>
    public static byte[] Call(byte[] selector, params AbiValue[] arguments)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var body = EncodeTuple(arguments);
        var result = new byte[4 + body.Length];
        selector.CopyTo(result, 0);
        body.CopyTo(result, 4);
        return result;
    }

    /// <summary>Encodes a tuple of values (head then tail).</summary>
    public static byte[] EncodeTuple(IReadOnlyList<AbiValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var headSize = 32 * values.Count;
        using var head = new MemoryStream();
        using var tail = new MemoryStream();
        foreach (var value in values)
        {
            if (value.IsDynamic)
            {
                WriteWord(head, (UInt256)(ulong)(headSize + tail.Length));
                var encoded = value.Encode();
                tail.Write(encoded);
            }
            else
            {
                head.Write(value.Encode());
            }
        }

        head.Write(tail.GetBuffer().AsSpan(0, (int)tail.Length));
        return head.ToArray();
    }

    /// <summary>Writes one 32-byte big-endian word.</summary>
    public static void WriteWord(Stream stream, UInt256 value)
    {
        Span<byte> word = stackalloc byte[32];
        value.WriteBigEndian32(word);
        stream.Write(word);
    }

    /// <summary>Writes an address left-padded to a word.</summary>
    public static void WriteAddress(Stream stream, EthereumAddress address)
    {
        Span<byte> word = stackalloc byte[32];
        word.Clear();
        address.WriteBytes(word[12..]);
        stream.Write(word);
    }

    /// <summary>Reads the address in the last 20 bytes of a word.</summary>
    public static EthereumAddress ReadAddress(ReadOnlySpan<byte> word32) => EthereumAddress.FromBytes(word32.Slice(12, 20));
}
