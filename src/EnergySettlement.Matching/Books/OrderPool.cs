namespace EnergySettlement.Matching;

/// <summary>
/// A fixed-capacity pool of <see cref="OrderNode"/> slots addressed by index, with a free list, so resting orders cost
/// no allocation and no garbage-collector references.
/// </summary>
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

    /// <summary>Takes a free slot; the caller has checked that <see cref="Count"/> is below <see cref="Capacity"/>.</summary>
    /// <returns>The slot index.</returns>
    public int Allocate()
    {
        int slot = _freeHead;
        _freeHead = Nodes[slot].Next;
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

    /// <summary>Frees every slot.</summary>
    public void Reset()
    {
        OrderNode[] nodes = Nodes;
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = default;
            nodes[i].Next = i + 1 < nodes.Length ? i + 1 : -1;
        }

        _freeHead = nodes.Length > 0 ? 0 : -1;
        Count = 0;
    }
}
