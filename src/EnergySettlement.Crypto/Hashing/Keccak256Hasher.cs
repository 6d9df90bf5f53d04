using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// Incremental Keccak-256 (the original Keccak padding that Ethereum uses, not SHA3-256): append data in any
/// number of pieces, then call <see cref="Finish"/>.
/// </summary>
/// <remarks>
/// <para>
/// A mutable value type that lives on the stack and never allocates. <c>default(Keccak256Hasher)</c> (or
/// <c>new Keccak256Hasher()</c>) is a fresh hasher. After <see cref="Finish"/> the hasher is reset and can be
/// used for a new message. Copying the struct copies the running state (which can be used to hash several
/// messages sharing a prefix).
/// </para>
/// <para>Not thread-safe: use one instance per thread. Pass it by <c>ref</c>, never by value, to keep appending.</para>
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public struct Keccak256Hasher
{
    /// <summary>The rate of Keccak-256 in bytes (1600 - 2 × 256 bits).</summary>
    internal const int RateInBytes = 136;

    private const int RateInLanes = RateInBytes / 8;

    private KeccakState _state;
    private KeccakRateBuffer _buffer;
    private int _buffered;

    /// <summary>Absorbs <paramref name="data"/> into the running hash.</summary>
    /// <param name="data">The bytes to append; may be empty.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_buffered > 0)
        {
            int take = Math.Min(RateInBytes - _buffered, data.Length);
            data[..take].CopyTo(((Span<byte>)_buffer)[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < RateInBytes)
            {
                return;
            }

            AbsorbBlock(_buffer);
            _buffered = 0;
        }

        while (data.Length >= RateInBytes)
        {
            AbsorbBlock(data);
            data = data[RateInBytes..];
        }

        if (!data.IsEmpty)
        {
            data.CopyTo(_buffer);
            _buffered = data.Length;
        }
    }

    /// <summary>
    /// Pads, finishes the hash, writes the 32-byte digest to <paramref name="destination"/> and resets the hasher.
    /// </summary>
    /// <param name="destination">Receives the digest; at least <see cref="Keccak256.HashSizeInBytes"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < Keccak256.HashSizeInBytes)
        {
            throw new ArgumentException("The destination must hold at least 32 bytes.", nameof(destination));
        }

        Span<byte> block = _buffer;
        block[_buffered..].Clear();
        block[_buffered] ^= 0x01;
        block[RateInBytes - 1] ^= 0x80;
        AbsorbBlock(block);

        Span<ulong> lanes = _state;
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], lanes[i]);
        }

        Reset();
    }

    private void Reset()
    {
        ((Span<ulong>)_state).Clear();
        ((Span<byte>)_buffer).Clear();
        _buffered = 0;
    }

    private void AbsorbBlock(ReadOnlySpan<byte> block)
    {
        Span<ulong> lanes = _state;
        ReadOnlySpan<ulong> input = MemoryMarshal.Cast<byte, ulong>(block[..RateInBytes]);
        if (BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < RateInLanes; i++)
            {
                lanes[i] ^= input[i];
            }
        }
        else
        {
            for (int i = 0; i < RateInLanes; i++)
            {
                lanes[i] ^= BinaryPrimitives.ReverseEndianness(input[i]);
            }
        }

        KeccakF1600.Permute(lanes);
    }
}
