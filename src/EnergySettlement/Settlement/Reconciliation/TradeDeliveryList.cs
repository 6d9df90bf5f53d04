using System.Collections;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// A plan's deliveries — every trade that is not held, in trade order — read from the reconciler's per-trade arrays: a
/// <see cref="TradeDelivery"/> is made when it is read, so a plan of a million trades keeps three arrays instead of a
/// million objects the garbage collector would trace and copy. Each read of the same index gives an equal record.
/// </summary>
/// <remarks>Immutable once the plan is built; thread-safe for reading.</remarks>
internal sealed class TradeDeliveryList : IReadOnlyList<TradeDelivery>
{
    private readonly Trade[] _trades;
    private readonly long[] _sellerAllocation;
    private readonly long[] _buyerAllocation;
    private readonly bool[] _provisional;

    // The trade index of each delivery, or null when no trade is held (delivery k is trade k).
    private readonly int[]? _tradeOf;

    public TradeDeliveryList(Trade[] trades, long[] sellerAllocation, long[] buyerAllocation, bool[] provisional, List<int> held)
    {
        _trades = trades;
        _sellerAllocation = sellerAllocation;
        _buyerAllocation = buyerAllocation;
        _provisional = provisional;
        Count = trades.Length - held.Count;
        if (held.Count > 0)
        {
            // Held trades were recorded in trade order.
            _tradeOf = new int[Count];
            var next = 0;
            var k = 0;
            for (var t = 0; t < trades.Length; t++)
            {
                if (next < held.Count && held[next] == t)
                {
                    next++;
                    continue;
                }

                _tradeOf[k++] = t;
            }
        }
    }

    public int Count { get; }

    public TradeDelivery this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an index below {Count}.");
            }

            var t = _tradeOf is null ? index : _tradeOf[index];
            return new TradeDelivery(_trades[t], new Energy(_sellerAllocation[t]), new Energy(_buyerAllocation[t]), _provisional[t]);
        }
    }

    public IEnumerator<TradeDelivery> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
