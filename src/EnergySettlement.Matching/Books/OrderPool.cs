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
/// <para>
/// A pool may have more slots than orders (<see cref="Capacity"/>) and hand out fresh slots first: a call-auction book
/// does, so that its orders keep arriving in ascending slot order — a price level's queue then is its slots in
/// ascending order, and the uncross gathers every level with one sequential pass even after heavy cancel-and-replace
/// churn. Returned slots are taken again only once every slot has been handed out.
/// </para>
/// </remarks>
internal sealed class OrderPool
{
    private readonly int _freshFirstLimit;
    private int _freeHead;

    /// <summary>Creates a pool of <paramref name="capacity"/> slots that reuses returned slots first.</summary>
    /// <param name="capacity">The most orders held at once, and the number of slots.</param>
    public OrderPool(int capacity)
        : this(capacity, capacity, freshFirst: false)
    {
    }

    /// <summary>Creates a pool.</summary>
    /// <param name="capacity">The most orders held at once (the caller checks <see cref="Count"/> against it).</param>
    /// <param name="slots">The number of slots, at least <paramref name="capacity"/>.</param>
    /// <param name="freshFirst">Whether never-used slots are handed out before returned ones.</param>
    public OrderPool(int capacity, int slots, bool freshFirst)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, capacity);
        Capacity = capacity;
        Nodes = new OrderNode[slots];
        _freshFirstLimit = freshFirst ? slots : 0;
        Reset();
    }

    /// <summary>Gets the slots; callers index them directly.</summary>
    public OrderNode[] Nodes { get; }

    /// <summary>Gets how many slots are in use.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the most orders the pool holds at once.</summary>
    public int Capacity { get; }

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
        if (slot < 0 || HighWater < _freshFirstLimit)
        {
            slot = HighWater++;
        }
        else
        {
            _freeHead = Nodes[slot].Next;
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
