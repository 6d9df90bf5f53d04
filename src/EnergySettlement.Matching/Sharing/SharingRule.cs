using System.Numerics;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Sharing;

/// <summary>
/// A community energy-sharing rule (Zhou et al., "Evaluation of peer-to-peer energy sharing mechanisms based on a
/// multiagent simulation framework", Applied Energy 222 (2018) 993–1022): a formula that settles a period from each
/// participant's net supply and the grid's tariff, for a neighbourhood that prefers a formula to an auction.
/// </summary>
/// <remarks>
/// <para>A neighbourhood chooses, per market, either a <see cref="ClearingRule"/> (an auction over priced orders) or a
/// <see cref="SharingRule"/> (a formula over net positions). <see cref="AccumulateNetPositions"/> turns the orders a
/// book collected into the net positions a sharing rule takes, so both can run on the same book.</para>
/// <para>Common to every rule: TBP (total buyer power) is the sum of deficits and TSP (total seller power) the sum of
/// surpluses, in Wh; the community trades min(TBP, TSP) internally, shared pro rata by each side's energy; the rest is
/// imported from or exported to the grid. Each rule defines the exact (rational) money the buyers pay in total and the
/// sellers receive in total; the buyers' total is rounded down (floor) and the sellers' total rounded up (ceiling),
/// so that no buyer pays above and no seller receives below the rule's exact price by more than the last unit; the
/// grid takes the difference (it receives at most 2 smallest units less than its exact tariff amount). Each side's
/// total is split pro rata by energy: ⌊total·Eᵢ/E⌋, then one more unit each to the largest remainders, ties to the
/// lower participant index (largest remainder method). So the sum paid equals the sum received exactly.</para>
/// <para>An abstract class so that members can be added later; the money invariants live in the non-virtual
/// <see cref="Share"/>, so rules are implemented inside this package. Built-in rules are stateless and thread-safe.</para>
/// </remarks>
public abstract class SharingRule
{
    private protected SharingRule()
    {
    }

    /// <summary>Gets a short, stable name of the rule (for example <c>sdr</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Adds each order's quantity to its participant's net position: a sell adds its quantity, a buy subtracts it
    /// (prices are ignored). Orders with a non-positive quantity are skipped.
    /// </summary>
    /// <param name="orders">The orders collected for the period.</param>
    /// <param name="netSupplyWh">Net positions indexed by participant, added to (clear it first for a fresh period).</param>
    /// <exception cref="ArgumentOutOfRangeException">An order's participant index is outside <paramref name="netSupplyWh"/>.</exception>
    /// <exception cref="OverflowException">A participant's position leaves the range of <see cref="long"/>.</exception>
    public static void AccumulateNetPositions(ReadOnlySpan<AuctionOrder> orders, Span<long> netSupplyWh)
    {
        foreach (ref readonly var order in orders)
        {
            if (order.Quantity <= 0)
            {
                continue;
            }

            if ((uint)order.Participant >= (uint)netSupplyWh.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(orders), order.Participant, "An order's participant index is outside the net-position span.");
            }

            ref var position = ref netSupplyWh[order.Participant];
            position = order.Side == Side.Sell ? checked(position + order.Quantity) : checked(position - order.Quantity);
        }
    }

    /// <summary>Settles one period.</summary>
    /// <param name="netSupplyWh">Each participant's net supply in Wh (positive: surplus to sell; negative: deficit to buy).</param>
    /// <param name="tariff">The grid's retail and feed-in prices.</param>
    /// <param name="result">The caller-owned buffer to fill.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A net position is <see cref="long.MinValue"/>.</exception>
    /// <exception cref="OverflowException">TBP or TSP exceeds <see cref="long.MaxValue"/> Wh, or a money total times a participant's energy exceeds <see cref="Int128.MaxValue"/>.</exception>
    public void Share(ReadOnlySpan<long> netSupplyWh, GridTariff tariff, SharingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        long demand = 0;
        long supply = 0;
        foreach (var net in netSupplyWh)
        {
            if (net == long.MinValue)
            {
                throw new ArgumentOutOfRangeException(nameof(netSupplyWh), net, "A net position must be greater than long.MinValue.");
            }

            if (net > 0)
            {
                supply = checked(supply + net);
            }
            else
            {
                demand = checked(demand - net);
            }
        }

        var allocations = result.Begin(netSupplyWh.Length, demand, supply);
        ExactTotals(demand, supply, tariff, out var buyerNumerator, out var sellerNumerator, out var denominator);
        var buyerTotal = (Int128)BigInteger.Divide(buyerNumerator, denominator); // floor: all terms are non-negative
        var sellerTotal = (Int128)BigInteger.Divide(sellerNumerator + denominator - BigInteger.One, denominator); // ceiling
        result.SetMoney(buyerTotal, sellerTotal);

        var traded = Math.Min(demand, supply);
        var ranking = result.Ranking.AsSpan(0, netSupplyWh.Length);
        var share = result.Shares.AsSpan(0, netSupplyWh.Length);

        // Energy: the traded volume split pro rata on each side.
        Distribute(netSupplyWh, buyers: true, demand, traded, share, ranking);
        for (var i = 0; i < netSupplyWh.Length; i++)
        {
            if (netSupplyWh[i] < 0)
            {
                var community = (long)share[i];
                allocations[i] = new SharingAllocation(i, netSupplyWh[i], community, -netSupplyWh[i] - community, 0);
            }
        }

        Distribute(netSupplyWh, buyers: false, supply, traded, share, ranking);
        for (var i = 0; i < netSupplyWh.Length; i++)
        {
            if (netSupplyWh[i] >= 0)
            {
                var community = (long)share[i];
                allocations[i] = new SharingAllocation(i, netSupplyWh[i], community, netSupplyWh[i] - community, 0);
            }
        }

        // Money: each side's rounded total split pro rata by energy.
        Distribute(netSupplyWh, buyers: true, demand, buyerTotal, share, ranking);
        for (var i = 0; i < netSupplyWh.Length; i++)
        {
            if (netSupplyWh[i] < 0)
            {
                var a = allocations[i];
                allocations[i] = new SharingAllocation(i, a.NetEnergy, a.CommunityEnergy, a.GridEnergy, -share[i]);
            }
        }

        Distribute(netSupplyWh, buyers: false, supply, sellerTotal, share, ranking);
        for (var i = 0; i < netSupplyWh.Length; i++)
        {
            if (netSupplyWh[i] > 0)
            {
                var a = allocations[i];
                allocations[i] = new SharingAllocation(i, a.NetEnergy, a.CommunityEnergy, a.GridEnergy, share[i]);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// The rule's exact money for the period: buyers pay <paramref name="buyerNumerator"/> / <paramref name="denominator"/>
    /// and sellers receive <paramref name="sellerNumerator"/> / <paramref name="denominator"/> smallest units in total.
    /// Both non-negative, denominator positive; the difference is the grid's exact amount.
    /// </summary>
    private protected abstract void ExactTotals(long demand, long supply, GridTariff tariff, out BigInteger buyerNumerator, out BigInteger sellerNumerator, out BigInteger denominator);

    /// <summary>Splits <paramref name="total"/> over one side pro rata to |net|; largest remainder, ties to the lower index.</summary>
    private static void Distribute(ReadOnlySpan<long> net, bool buyers, long sideEnergy, Int128 total, Span<Int128> share, Span<(Int128 Remainder, int Index)> ranking)
    {
        share.Clear();
        if (sideEnergy == 0 || total == 0)
        {
            return;
        }

        var n = 0;
        var given = Int128.Zero;
        for (var i = 0; i < net.Length; i++)
        {
            var onSide = buyers ? net[i] < 0 : net[i] > 0;
            if (!onSide)
            {
                continue;
            }

            var weight = buyers ? -net[i] : net[i];
            var product = checked(total * weight); // overflows only beyond ~1.7e38 (price x energy far past any tariff)
            share[i] = product / sideEnergy;
            given += share[i];
            ranking[n++] = (product % sideEnergy, i);
        }

        var leftover = (int)(total - given);
        var ranked = ranking[..n];
        ranked.Sort(LargestRemainderFirst);
        for (var j = 0; j < leftover; j++)
        {
            share[ranked[j].Index] += 1;
        }
    }

    private static readonly Comparison<(Int128 Remainder, int Index)> LargestRemainderFirst = static (x, y) =>
    {
        var byRemainder = y.Remainder.CompareTo(x.Remainder);
        return byRemainder != 0 ? byRemainder : x.Index.CompareTo(y.Index);
    };
}
