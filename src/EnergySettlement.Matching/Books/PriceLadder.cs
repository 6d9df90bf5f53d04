using System.Numerics;

namespace EnergySettlement.Matching;

/// <summary>
/// One side of a book: price levels indexed directly by tick offset within the band, each an intrusive doubly-linked
/// FIFO of pool slots, with a bitmap of non-empty levels to find the next best level 64 ticks at a time.
/// </summary>
/// <remarks>
/// A level keeps no running total of its quantity: the matching loop would pay to update it on every trade, and a total
/// of several orders near <see cref="long.MaxValue"/> Wh would overflow. <see cref="Volume"/> adds the level's orders up
/// in 128 bits when asked.
/// </remarks>
internal sealed class PriceLadder
{
    private readonly Level[] _levels;
    private readonly ulong[] _occupied;
    private readonly bool _descending;

    /// <param name="levels">The number of ticks in the band.</param>
    /// <param name="descending"><see langword="true"/> for bids (best is the highest level), <see langword="false"/> for asks.</param>
    public PriceLadder(int levels, bool descending)
    {
        _levels = new Level[levels];
        _occupied = new ulong[(levels + 63) >> 6];
        _descending = descending;
        Array.Fill(_levels, new Level { Head = -1, Tail = -1 });
        Best = -1;
    }

    /// <summary>Gets the best non-empty level, or -1 when the side is empty.</summary>
    public int Best { get; private set; }

    /// <summary>Gets the number of levels (for memory accounting).</summary>
    public int Levels => _levels.Length;

    /// <summary>Gets the occupancy bitmap: bit <c>level &amp; 63</c> of word <c>level &gt;&gt; 6</c> is set when the level is non-empty.</summary>
    public ReadOnlySpan<ulong> Occupancy => _occupied;

    /// <summary>Gets the first (oldest) slot of a level, or -1.</summary>
    public int Head(int level) => _levels[level].Head;

    /// <summary>Gets the total open quantity of a level, exact, by walking its orders.</summary>
    public Int128 Volume(OrderNode[] nodes, int level)
    {
        Int128 total = 0;
        for (int slot = _levels[level].Head; slot >= 0; slot = nodes[slot].Next)
        {
            total += nodes[slot].Remaining;
        }

        return total;
    }

    /// <summary>Appends a slot at the back of its level's FIFO.</summary>
    public void Append(OrderNode[] nodes, int slot, int level)
    {
        ref OrderNode node = ref nodes[slot];
        ref Level entry = ref _levels[level];
        node.Level = level;
        node.Next = -1;
        int tail = entry.Tail;
        node.Prev = tail;
        if (tail < 0)
        {
            entry.Head = slot;
            _occupied[level >> 6] |= 1UL << level;
            if (Best < 0 || (_descending ? level > Best : level < Best))
            {
                Best = level;
            }
        }
        else
        {
            nodes[tail].Next = slot;
        }

        entry.Tail = slot;
    }

    /// <summary>Unlinks a slot from its level.</summary>
    public void Unlink(OrderNode[] nodes, int slot)
    {
        ref OrderNode node = ref nodes[slot];
        int level = node.Level;
        ref Level entry = ref _levels[level];
        if (node.Prev >= 0)
        {
            nodes[node.Prev].Next = node.Next;
        }
        else
        {
            entry.Head = node.Next;
        }

        if (node.Next >= 0)
        {
            nodes[node.Next].Prev = node.Prev;
        }
        else
        {
            entry.Tail = node.Prev;
        }

        if (entry.Head < 0)
        {
            _occupied[level >> 6] &= ~(1UL << level);
            if (level == Best)
            {
                Best = NextAfter(level);
            }
        }
    }

    /// <summary>Finds the next non-empty level worse than <paramref name="level"/>, or -1.</summary>
    public int NextAfter(int level)
    {
        ulong[] occupied = _occupied;
        if (_descending)
        {
            int word = level >> 6;
            int bit = level & 63;
            ulong bits = bit == 0 ? 0 : occupied[word] & ((1UL << bit) - 1);
            while (true)
            {
                if (bits != 0)
                {
                    return (word << 6) + 63 - BitOperations.LeadingZeroCount(bits);
                }

                if (--word < 0)
                {
                    return -1;
                }

                bits = occupied[word];
            }
        }
        else
        {
            int word = level >> 6;
            int bit = level & 63;
            ulong bits = bit == 63 ? 0 : occupied[word] & ~((2UL << bit) - 1);
            while (true)
            {
                if (bits != 0)
                {
                    return (word << 6) + BitOperations.TrailingZeroCount(bits);
                }

                if (++word >= occupied.Length)
                {
                    return -1;
                }

                bits = occupied[word];
            }
        }
    }

    /// <summary>Empties the side, touching only the levels that hold orders (an empty level is always head -1, tail -1).</summary>
    public void Reset()
    {
        ulong[] occupied = _occupied;
        for (int word = 0; word < occupied.Length; word++)
        {
            for (ulong bits = occupied[word]; bits != 0; bits &= bits - 1)
            {
                _levels[(word << 6) + BitOperations.TrailingZeroCount(bits)] = new Level { Head = -1, Tail = -1 };
            }

            occupied[word] = 0;
        }

        Best = -1;
    }

    /// <summary>One price level: its FIFO's first and last slots, in one 8-byte entry.</summary>
    private struct Level
    {
        public int Head;
        public int Tail;
    }
}
