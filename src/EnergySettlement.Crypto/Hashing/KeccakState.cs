using System.Runtime.CompilerServices;

namespace EnergySettlement.Crypto;

/// <summary>The 25 lanes of a Keccak-f[1600] state, stored inline in the owning struct.</summary>
[InlineArray(KeccakF1600.LaneCount)]
internal struct KeccakState
{
    private ulong _lane;
}
