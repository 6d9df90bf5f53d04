using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EnergySettlement.Matching.Auctions;

/// <summary>Working arrays reused by the built-in clearing rules; owned by one <see cref="ClearingResult"/>.</summary>
internal sealed class ClearingScratch
{
    private long[] levels = [];
    private Int128[] wideLevels = [];
    private long[] ticks = [];
    private RemainderCandidate[] candidates = [];

    /// <summary>Returns a zeroed span of <paramref name="length"/> quantity buckets of width <typeparamref name="T"/> (long or Int128).</summary>
    public Span<T> Levels<T>(int length)
        where T : struct
    {
        if (typeof(T) == typeof(long))
        {
            Span<long> narrow = Zeroed(ref levels, length);
            return MemoryMarshal.CreateSpan(ref Unsafe.As<long, T>(ref MemoryMarshal.GetReference(narrow)), length);
        }

        Span<Int128> wide = Sized(ref wideLevels, length);
        wide.Clear();
        return MemoryMarshal.CreateSpan(ref Unsafe.As<Int128, T>(ref MemoryMarshal.GetReference(wide)), length);
    }

    /// <summary>Returns a span of <paramref name="length"/> ticks (contents unspecified).</summary>
    public Span<long> Ticks(int length) => Sized(ref ticks, length);

    /// <summary>Returns a span of <paramref name="length"/> remainder candidates (contents unspecified).</summary>
    public Span<RemainderCandidate> Candidates(int length) => Sized(ref candidates, length);

    private static Span<T> Sized<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }

        return array.AsSpan(0, length);
    }

    private static Span<long> Zeroed(ref long[] array, int length)
    {
        var span = Sized(ref array, length);
        span.Clear();
        return span;
    }
}
