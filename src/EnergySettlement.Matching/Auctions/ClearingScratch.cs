namespace EnergySettlement.Matching.Auctions;

/// <summary>Working arrays reused by the built-in clearing rules; owned by one <see cref="ClearingResult"/>.</summary>
internal sealed class ClearingScratch
{
    private long[] levels = [];
    private long[] ticks = [];
    private RemainderCandidate[] candidates = [];

    /// <summary>Returns a zeroed span of <paramref name="length"/> quantity buckets.</summary>
    public Span<long> Levels(int length) => Zeroed(ref levels, length);

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
