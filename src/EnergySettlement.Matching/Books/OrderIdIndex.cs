using System.Numerics;
using System.Runtime.CompilerServices;

namespace EnergySettlement.Matching;

/// <summary>
/// An open-addressing hash index from order id to pool slot: linear probing, Fibonacci hashing, backward-shift deletion
/// (no tombstones), sized once to a power of two at least twice the pool capacity so it never resizes. Each entry is the
/// slot plus one (zero marks an empty entry); the key is read from the slot itself, so an entry costs 4 bytes.
/// </summary>
internal sealed class OrderIdIndex
{
    private readonly int[] _table;
    private readonly int _mask;
    private readonly int _shift;

    public OrderIdIndex(int capacity)
    {
        int size = (int)Math.Max(16, BitOperations.RoundUpToPowerOf2((uint)capacity * 2));
        _table = new int[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>Gets the table's length (for memory accounting).</summary>
    public int TableLength => _table.Length;

    /// <summary>Finds the slot holding an order id.</summary>
    /// <param name="orderId">The order id.</param>
    /// <param name="nodes">The pool's slots.</param>
    /// <returns>The slot, or -1.</returns>
    public int Find(long orderId, OrderNode[] nodes)
    {
        int[] table = _table;
        int i = Home(orderId);
        while (true)
        {
            int entry = table[i];
            if (entry == 0)
            {
                return -1;
            }

            if (nodes[entry - 1].OrderId == orderId)
            {
                return entry - 1;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds an order id known to be absent.</summary>
    /// <param name="orderId">The order id.</param>
    /// <param name="slot">Its slot.</param>
    public void Insert(long orderId, int slot)
    {
        int[] table = _table;
        int i = Home(orderId);
        while (table[i] != 0)
        {
            i = (i + 1) & _mask;
        }

        table[i] = slot + 1;
    }

    /// <summary>Removes an order id known to be present; its slot must still hold the id.</summary>
    /// <param name="orderId">The order id.</param>
    /// <param name="nodes">The pool's slots.</param>
    public void Remove(long orderId, OrderNode[] nodes)
    {
        int[] table = _table;
        int mask = _mask;
        int i = Home(orderId);
        while (nodes[table[i] - 1].OrderId != orderId)
        {
            i = (i + 1) & mask;
        }

        // Backward shift: pull later entries of the probe run into the hole unless their home lies cyclically in (hole, j].
        int j = i;
        while (true)
        {
            j = (j + 1) & mask;
            int entry = table[j];
            if (entry == 0)
            {
                break;
            }

            int home = Home(nodes[entry - 1].OrderId);
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays)
            {
                table[i] = entry;
                i = j;
            }
        }

        table[i] = 0;
    }

    /// <summary>Hints the processor to fetch the table entry where the probe for an order id starts (x86 only).</summary>
    /// <param name="orderId">The order id about to be inserted or found.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(long orderId) => CacheHint.Prefetch(ref _table[Home(orderId)]);

    /// <summary>Empties the index.</summary>
    public void Clear() => Array.Clear(_table);

    private int Home(long orderId) => (int)(((ulong)orderId * 0x9E3779B97F4A7C15UL) >> _shift);
}
