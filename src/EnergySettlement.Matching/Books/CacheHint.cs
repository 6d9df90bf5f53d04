using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace EnergySettlement.Matching;

/// <summary>Cache prefetch hints for the passes that write or probe memory in an order the hardware cannot predict.</summary>
internal static class CacheHint
{
    /// <summary>Gets whether <see cref="Prefetch{T}"/> does anything here; callers skip computing addresses when it does not.</summary>
    public static bool IsSupported => Sse.IsSupported;

    /// <summary>Hints the processor to fetch the cache line holding <paramref name="target"/> soon (x86 only; a no-op elsewhere).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="target">The element about to be read or written.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T target)
    {
        if (Sse.IsSupported)
        {
            // A prefetch never faults, so an address that a moving collector made stale costs nothing but the hint.
            Sse.Prefetch0(Unsafe.AsPointer(ref target));
        }
    }
}
