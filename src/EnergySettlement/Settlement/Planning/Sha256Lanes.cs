using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EnergySettlement.Settlement;

/// <summary>
/// SHA-256 (FIPS 180-4) of eight independent messages at once, one message per 32-bit lane of a 256-bit vector: the
/// per-call cost of a native hash context (a reset after every digest costs about as much as hashing a 240-byte id
/// record) is gone, and the rounds run on eight messages for the price of one. Used for the content ids a plan computes
/// by the million; each digest equals <see cref="System.Security.Cryptography.SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// of its message (a test checks thousands of lengths and mixes against it).
/// </summary>
internal static class Sha256Lanes
{
    public const int Lanes = 8;

    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private static readonly uint[] Initial = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// <summary>Gets whether the vector unit runs 256-bit operations in hardware; without it the per-message native
    /// hash is faster.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>Hashes up to <see cref="Lanes"/> messages, each a slice of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes the messages are slices of.</param>
    /// <param name="starts">Where each message starts in <paramref name="data"/>; 1 to <see cref="Lanes"/> entries.</param>
    /// <param name="lengths">Each message's length.</param>
    /// <param name="digests">Receives the 32-byte digests, message after message.</param>
    public static void Hash(ReadOnlySpan<byte> data, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<byte> digests)
    {
        var count = starts.Length;
        if (count is < 1 or > Lanes || lengths.Length != count || digests.Length < count * 32)
        {
            throw new ArgumentException($"Expected 1 to {Lanes} messages with a length each and 32 bytes of digest each; found {count} starts, {lengths.Length} lengths, {digests.Length} digest bytes.");
        }

        Span<int> blocks = stackalloc int[Lanes];
        var maxBlocks = 0;
        for (var lane = 0; lane < count; lane++)
        {
            // The message, a 0x80 byte, zeros, and the bit length in 8 bytes, in whole 64-byte blocks.
            blocks[lane] = (lengths[lane] + 9 + 63) / 64;
            maxBlocks = Math.Max(maxBlocks, blocks[lane]);
        }

        Span<Vector256<uint>> state = stackalloc Vector256<uint>[8];
        for (var i = 0; i < 8; i++)
        {
            state[i] = Vector256.Create(Initial[i]);
        }

        Span<uint> words = stackalloc uint[16 * Lanes];
        Span<byte> block = stackalloc byte[64];
        Span<uint> active = stackalloc uint[Lanes];
        Span<Vector256<uint>> w = stackalloc Vector256<uint>[64];
        for (var b = 0; b < maxBlocks; b++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                active[lane] = lane < count && b < blocks[lane] ? uint.MaxValue : 0;
                if (active[lane] == 0)
                {
                    continue;
                }

                var message = data.Slice(starts[lane], lengths[lane]);
                var from = b * 64;
                ReadOnlySpan<byte> source = block;
                if (from + 64 <= message.Length)
                {
                    source = message.Slice(from, 64);
                }
                else
                {
                    block.Clear();
                    if (from < message.Length)
                    {
                        message[from..].CopyTo(block);
                    }

                    if (from <= message.Length)
                    {
                        block[message.Length - from] = 0x80;
                    }

                    if (b == blocks[lane] - 1)
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(block[56..], (ulong)message.Length * 8);
                    }
                }

                for (var t = 0; t < 16; t++)
                {
                    words[(t * Lanes) + lane] = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(t * 4, 4));
                }
            }

            for (var t = 0; t < 16; t++)
            {
                w[t] = Vector256.Create<uint>(words.Slice(t * Lanes, Lanes));
            }

            Compress(state, w, Vector256.Create<uint>(active));
        }

        for (var lane = 0; lane < count; lane++)
        {
            var digest = digests.Slice(lane * 32, 32);
            for (var i = 0; i < 8; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], state[i].GetElement(lane));
            }
        }
    }

    private static void Compress(Span<Vector256<uint>> state, Span<Vector256<uint>> w, Vector256<uint> active)
    {
        for (var t = 16; t < 64; t++)
        {
            var s0 = Xor3(Rotr(w[t - 15], 7), Rotr(w[t - 15], 18), Vector256.ShiftRightLogical(w[t - 15], 3));
            var s1 = Xor3(Rotr(w[t - 2], 17), Rotr(w[t - 2], 19), Vector256.ShiftRightLogical(w[t - 2], 10));
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var e = state[4];
        var f = state[5];
        var g = state[6];
        var h = state[7];
        for (var t = 0; t < 64; t++)
        {
            var sum1 = Xor3(Rotr(e, 6), Rotr(e, 11), Rotr(e, 25));
            var choice = Choice(e, f, g);
            var t1 = h + sum1 + choice + Vector256.Create(K[t]) + w[t];
            var sum0 = Xor3(Rotr(a, 2), Rotr(a, 13), Rotr(a, 22));
            var majority = Majority(a, b, c);
            var t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        // A lane whose message has no block here keeps its state.
        state[0] = Vector256.ConditionalSelect(active, state[0] + a, state[0]);
        state[1] = Vector256.ConditionalSelect(active, state[1] + b, state[1]);
        state[2] = Vector256.ConditionalSelect(active, state[2] + c, state[2]);
        state[3] = Vector256.ConditionalSelect(active, state[3] + d, state[3]);
        state[4] = Vector256.ConditionalSelect(active, state[4] + e, state[4]);
        state[5] = Vector256.ConditionalSelect(active, state[5] + f, state[5]);
        state[6] = Vector256.ConditionalSelect(active, state[6] + g, state[6]);
        state[7] = Vector256.ConditionalSelect(active, state[7] + h, state[7]);
    }

    // With AVX-512 (VL) a rotation is one instruction (vprord) and each three-input function one more (vpternlogd, the
    // immediate being the function's truth table over the bits 0xF0, 0xCC, 0xAA); otherwise shifts and logic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotr(Vector256<uint> x, [ConstantExpected] byte n) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, n) : Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Xor3(Vector256<uint> x, Vector256<uint> y, Vector256<uint> z) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(x, y, z, 0x96) : x ^ y ^ z;

    /// <summary>(x AND y) XOR (NOT x AND z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Choice(Vector256<uint> x, Vector256<uint> y, Vector256<uint> z) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(x, y, z, 0xCA) : (x & y) ^ Vector256.AndNot(z, x);

    /// <summary>(x AND y) XOR (x AND z) XOR (y AND z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Majority(Vector256<uint> x, Vector256<uint> y, Vector256<uint> z) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(x, y, z, 0xE8) : (x & y) ^ (x & z) ^ (y & z);
}
