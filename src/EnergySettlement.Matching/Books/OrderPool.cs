namespace EnergySettlement.Matching;

/// <summary>
/// A fixed-capacity pool of <see cref="OrderNode"/> slots addressed by index, with a free list, so resting orders cost
/// no allocation and no garbage-collector references.
/// </summary>
/// <remarks>
/// Slots at or above <see cref="HighWater"/> have never been handed out since the last <see cref="Reset"/>; they are
/// taken in ascending order once the free list of returned slots is empty. That is the same order as one free list
/// threaded 0, 1, 2, … through every slot, without having to thread it: a reset is O(1), and a sequential pass over the
/// live orders only needs to look at the slots below the high-water mark.
/// </remarks>
internal sealed class OrderPool
{
    private int _freeHead;

    public OrderPool(int capacity)
    {
        Nodes = new OrderNode[capacity];
        Reset();
    }

    /// <summary>Gets the slots; callers index them directly.</summary>
    public OrderNode[] Nodes { get; }

    /// <summary>Gets how many slots are in use.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the number of slots.</summary>
    public int Capacity => Nodes.Length;

    /// <summary>
    /// Gets the number of slots handed out at least once since the last <see cref="Reset"/>: every live order is below it,
    /// and a slot below it that is not live is free (its <see cref="OrderNode.Remaining"/> is zero).
    /// </summary>
    public int HighWater { get; private set; }

    /// <summary>Takes a free slot; the caller has checked that <see cref="Count"/> is below <see cref="Capacity"/>.</summary>
    /// <returns>The slot index.</returns>
    public int Allocate()
    {
        int slot = _freeHead;
        if (slot >= 0)
        {
            _freeHead = Nodes[slot].Next;
        }
        else
        {
            slot = HighWater++;
        }

        Count++;
        return slot;
    }

    /// <summary>Returns a slot to the free list.</summary>
    /// <param name="slot">The slot index.</param>
    public void Free(int slot)
    {
        ref OrderNode node = ref Nodes[slot];
        node = default;
        node.Next = _freeHead;
        _freeHead = slot;
        Count--;
    }

    /// <summary>Frees every slot in O(1); the slots' contents are left as they are and overwritten when handed out again.</summary>
    public void Reset()
    {
        _freeHead = -1;
        HighWater = 0;
        Count = 0;
    }
}
