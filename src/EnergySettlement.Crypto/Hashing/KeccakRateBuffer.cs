using System.Runtime.CompilerServices;

namespace EnergySettlement.Crypto;

/// <summary>One Keccak-256 input block (the 136-byte rate), stored inline in the owning struct.</summary>
[InlineArray(Keccak256Hasher.RateInBytes)]
internal struct KeccakRateBuffer
{
    private byte _element;
}
