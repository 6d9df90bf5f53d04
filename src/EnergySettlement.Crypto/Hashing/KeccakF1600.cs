using System.Numerics;
using System.Runtime.CompilerServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// The Keccak-f[1600] permutation (FIPS 202, section 3) on a state of 25 little-endian lanes.
/// </summary>
/// <remarks>
/// Written out per lane (generated from the rotation offsets and the pi mapping of the specification): each
/// round reads the state from memory, folds theta's column parities into rho and pi, and computes chi and the
/// next round's column parities while the lanes are in registers. Two rounds per loop iteration alternate between
/// the state and a stack buffer, so the register allocator only has to hold 15 live lanes.
/// </remarks>
internal static unsafe class KeccakF1600
{
    /// <summary>Number of lanes in the state.</summary>
    public const int LaneCount = 25;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    /// <summary>Applies the 24 rounds of Keccak-f[1600] to <paramref name="state"/> in place.</summary>
    /// <param name="state">The 25-lane state; lane (x, y) is at index x + 5y.</param>
    [SkipLocalsInit]
    public static void Permute(Span<ulong> state)
    {
        if (state.Length < LaneCount)
        {
            throw new ArgumentException("The Keccak state has 25 lanes.", nameof(state));
        }

        ulong* e = stackalloc ulong[LaneCount];
        fixed (ulong* a = state)
        fixed (ulong* rc = RoundConstants)
        {
            ulong c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
            ulong c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
            ulong c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
            ulong c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
            ulong c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
            ulong d0, d1, d2, d3, d4, b0, b1, b2, b3, b4, t;
            for (int round = 0; round < 24; round += 2)
            {
            d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            b0 = a[0] ^ d0;
            b1 = BitOperations.RotateLeft(a[6] ^ d1, 44);
            b2 = BitOperations.RotateLeft(a[12] ^ d2, 43);
            b3 = BitOperations.RotateLeft(a[18] ^ d3, 21);
            b4 = BitOperations.RotateLeft(a[24] ^ d4, 14);
            e[0] = t = b0 ^ (~b1 & b2) ^ rc[round];
            c0 = t;
            e[1] = t = b1 ^ (~b2 & b3);
            c1 = t;
            e[2] = t = b2 ^ (~b3 & b4);
            c2 = t;
            e[3] = t = b3 ^ (~b4 & b0);
            c3 = t;
            e[4] = t = b4 ^ (~b0 & b1);
            c4 = t;
            b0 = BitOperations.RotateLeft(a[3] ^ d3, 28);
            b1 = BitOperations.RotateLeft(a[9] ^ d4, 20);
            b2 = BitOperations.RotateLeft(a[10] ^ d0, 3);
            b3 = BitOperations.RotateLeft(a[16] ^ d1, 45);
            b4 = BitOperations.RotateLeft(a[22] ^ d2, 61);
            e[5] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            e[6] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            e[7] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            e[8] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            e[9] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            b0 = BitOperations.RotateLeft(a[1] ^ d1, 1);
            b1 = BitOperations.RotateLeft(a[7] ^ d2, 6);
            b2 = BitOperations.RotateLeft(a[13] ^ d3, 25);
            b3 = BitOperations.RotateLeft(a[19] ^ d4, 8);
            b4 = BitOperations.RotateLeft(a[20] ^ d0, 18);
            e[10] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            e[11] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            e[12] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            e[13] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            e[14] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            b0 = BitOperations.RotateLeft(a[4] ^ d4, 27);
            b1 = BitOperations.RotateLeft(a[5] ^ d0, 36);
            b2 = BitOperations.RotateLeft(a[11] ^ d1, 10);
            b3 = BitOperations.RotateLeft(a[17] ^ d2, 15);
            b4 = BitOperations.RotateLeft(a[23] ^ d3, 56);
            e[15] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            e[16] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            e[17] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            e[18] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            e[19] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            b0 = BitOperations.RotateLeft(a[2] ^ d2, 62);
            b1 = BitOperations.RotateLeft(a[8] ^ d3, 55);
            b2 = BitOperations.RotateLeft(a[14] ^ d4, 39);
            b3 = BitOperations.RotateLeft(a[15] ^ d0, 41);
            b4 = BitOperations.RotateLeft(a[21] ^ d1, 2);
            e[20] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            e[21] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            e[22] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            e[23] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            e[24] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            b0 = e[0] ^ d0;
            b1 = BitOperations.RotateLeft(e[6] ^ d1, 44);
            b2 = BitOperations.RotateLeft(e[12] ^ d2, 43);
            b3 = BitOperations.RotateLeft(e[18] ^ d3, 21);
            b4 = BitOperations.RotateLeft(e[24] ^ d4, 14);
            a[0] = t = b0 ^ (~b1 & b2) ^ rc[round + 1];
            c0 = t;
            a[1] = t = b1 ^ (~b2 & b3);
            c1 = t;
            a[2] = t = b2 ^ (~b3 & b4);
            c2 = t;
            a[3] = t = b3 ^ (~b4 & b0);
            c3 = t;
            a[4] = t = b4 ^ (~b0 & b1);
            c4 = t;
            b0 = BitOperations.RotateLeft(e[3] ^ d3, 28);
            b1 = BitOperations.RotateLeft(e[9] ^ d4, 20);
            b2 = BitOperations.RotateLeft(e[10] ^ d0, 3);
            b3 = BitOperations.RotateLeft(e[16] ^ d1, 45);
            b4 = BitOperations.RotateLeft(e[22] ^ d2, 61);
            a[5] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            a[6] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            a[7] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            a[8] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            a[9] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            b0 = BitOperations.RotateLeft(e[1] ^ d1, 1);
            b1 = BitOperations.RotateLeft(e[7] ^ d2, 6);
            b2 = BitOperations.RotateLeft(e[13] ^ d3, 25);
            b3 = BitOperations.RotateLeft(e[19] ^ d4, 8);
            b4 = BitOperations.RotateLeft(e[20] ^ d0, 18);
            a[10] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            a[11] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            a[12] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            a[13] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            a[14] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            b0 = BitOperations.RotateLeft(e[4] ^ d4, 27);
            b1 = BitOperations.RotateLeft(e[5] ^ d0, 36);
            b2 = BitOperations.RotateLeft(e[11] ^ d1, 10);
            b3 = BitOperations.RotateLeft(e[17] ^ d2, 15);
            b4 = BitOperations.RotateLeft(e[23] ^ d3, 56);
            a[15] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            a[16] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            a[17] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            a[18] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            a[19] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            b0 = BitOperations.RotateLeft(e[2] ^ d2, 62);
            b1 = BitOperations.RotateLeft(e[8] ^ d3, 55);
            b2 = BitOperations.RotateLeft(e[14] ^ d4, 39);
            b3 = BitOperations.RotateLeft(e[15] ^ d0, 41);
            b4 = BitOperations.RotateLeft(e[21] ^ d1, 2);
            a[20] = t = b0 ^ (~b1 & b2);
            c0 ^= t;
            a[21] = t = b1 ^ (~b2 & b3);
            c1 ^= t;
            a[22] = t = b2 ^ (~b3 & b4);
            c2 ^= t;
            a[23] = t = b3 ^ (~b4 & b0);
            c3 ^= t;
            a[24] = t = b4 ^ (~b0 & b1);
            c4 ^= t;
            }
        }
    }
}
