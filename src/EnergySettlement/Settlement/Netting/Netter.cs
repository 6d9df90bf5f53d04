using System.Runtime.InteropServices;

namespace EnergySettlement.Settlement;

/// <summary>
/// Nets a window's obligations and the carried amounts it consumes into net payments, exactly (no rounding happens
/// here): bilaterally per pair of participants, or multilaterally through a clearing agent so that each participant has
/// at most one net payment. Each participant's net position is conserved: what it is owed minus what it owes over the
/// obligations and carried amounts equals what it receives minus what it pays over the net payments.
/// </summary>
/// <remarks>Both work by counting sorts over participant indices (stable, O(items + participants)) into one index array,
/// with no per-pair collections, so a million obligations between a million pairs cost a few arrays.</remarks>
internal static class Netter
{
    public static Netting Bilateral(int participantCount, List<(int Payer, int Payee)> parties, List<Obligation> obligations, CarriedAmount[] carried, Func<CarriedAmount, (int Payer, int Payee)> carriedParties)
    {
        var carriedSides = new (int Payer, int Payee)[carried.Length];
        for (var i = 0; i < carried.Length; i++)
        {
            carriedSides[i] = carriedParties(carried[i]);
        }

        // Items sorted by pair (lower index, then higher), in item order within a pair: the pairs come out the same
        // whatever the input order. Keys and amounts are read once, in item order, into flat arrays, so the walk in pair
        // order below jumps around arrays instead of a million objects.
        var obligationSides = CollectionsMarshal.AsSpan(parties);
        var obligationOrder = SortByPair(participantCount, obligationSides);
        var carriedOrder = SortByPair(participantCount, carriedSides);
        var obligationKeys = PairKeys(obligationSides);
        var carriedKeys = PairKeys(carriedSides);
        var amounts = new Int128[obligations.Count];
        for (var i = 0; i < amounts.Length; i++)
        {
            amounts[i] = obligations[i].Amount.Amount;
        }

        var payments = new List<NetPayment>(CountPairs(obligationOrder, obligationKeys) + CountPairs(carriedOrder, carriedKeys));
        int o = 0, c = 0;
        while (o < obligationOrder.Length || c < carriedOrder.Length)
        {
            var oKey = o < obligationOrder.Length ? obligationKeys[obligationOrder[o]] >> 1 : long.MaxValue;
            var cKey = c < carriedOrder.Length ? carriedKeys[carriedOrder[c]] >> 1 : long.MaxValue;
            var key = Math.Min(oKey, cKey);
            Int128 net = 0;
            var oStart = o;
            while (o < obligationOrder.Length && obligationKeys[obligationOrder[o]] is var k && k >> 1 == key)
            {
                var amount = amounts[obligationOrder[o]];
                net += (k & 1) == 0 ? amount : -amount;
                o++;
            }

            var cStart = c;
            while (c < carriedOrder.Length && carriedKeys[carriedOrder[c]] is var k && k >> 1 == key)
            {
                var amount = carried[carriedOrder[c]].Amount.Amount;
                net += (k & 1) == 0 ? amount : -amount;
                c++;
            }

            if (net == 0)
            {
                continue;
            }

            // Positive net: the lower-indexed participant pays the higher.
            var low = (int)(key >> 31);
            var high = (int)(key & int.MaxValue);
            payments.Add(net > 0
                ? new NetPayment(low, high, net, oStart, o - oStart, cStart, c - cStart)
                : new NetPayment(high, low, -net, oStart, o - oStart, cStart, c - cStart));
        }

        return new Netting(payments, obligationOrder, carriedOrder);
    }

    /// <summary>Each item's pair as <c>(lower index &lt;&lt; 32 | higher index &lt;&lt; 1 | direction)</c>, direction 0 when
    /// the lower-indexed participant pays: shifted right by one, the sortable pair key (indices are below 2^31).</summary>
    private static long[] PairKeys(ReadOnlySpan<(int Payer, int Payee)> sides)
    {
        var keys = new long[sides.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var (payer, payee) = sides[i];
            keys[i] = payer < payee ? ((long)payer << 32) | ((long)payee << 1) : ((long)payee << 32) | ((long)payer << 1) | 1;
        }

        return keys;
    }

    public static Netting Cleared(int participantCount, int agent, List<(int Payer, int Payee)> parties, List<Obligation> obligations, CarriedAmount[] carried, Func<CarriedAmount, (int Payer, int Payee)> carriedParties)
    {
        var net = new Int128[participantCount];
        var carriedSides = new (int Payer, int Payee)[carried.Length];
        for (var i = 0; i < obligations.Count; i++)
        {
            var (payer, payee) = parties[i];
            var amount = obligations[i].Amount.Amount;
            net[payer] -= amount;
            net[payee] += amount;
        }

        for (var i = 0; i < carried.Length; i++)
        {
            carriedSides[i] = carriedParties(carried[i]);
            net[carriedSides[i].Payer] -= carried[i].Amount.Amount;
            net[carriedSides[i].Payee] += carried[i].Amount.Amount;
        }

        var (obligationOrder, obligationStarts) = GroupBySide(participantCount, agent, parties.Count, i => parties[i]);
        var (carriedOrder, carriedStarts) = GroupBySide(participantCount, agent, carried.Length, i => carriedSides[i]);
        var payments = new List<NetPayment>();
        for (var p = 0; p < participantCount; p++)
        {
            // The agent's own position is the mirror of everyone else's: it pays or receives through the other legs.
            if (p == agent || net[p] == 0)
            {
                continue;
            }

            var oStart = obligationStarts[p];
            var oCount = obligationStarts[p + 1] - oStart;
            var cStart = carriedStarts[p];
            var cCount = carriedStarts[p + 1] - cStart;
            payments.Add(net[p] > 0
                ? new NetPayment(agent, p, net[p], oStart, oCount, cStart, cCount)
                : new NetPayment(p, agent, -net[p], oStart, oCount, cStart, cCount));
        }

        return new Netting(payments, obligationOrder, carriedOrder);
    }

    /// <summary>The number of pairs among items sorted by pair.</summary>
    private static int CountPairs(int[] sorted, long[] keys)
    {
        var pairs = 0;
        var last = -1L;
        foreach (var i in sorted)
        {
            var key = keys[i] >> 1;
            pairs += key != last ? 1 : 0;
            last = key;
        }

        return pairs;
    }

    /// <summary>Item indices sorted by (lower party, higher party), stable: a counting sort by the higher party, then one by
    /// the lower.</summary>
    private static int[] SortByPair(int participantCount, ReadOnlySpan<(int Payer, int Payee)> sides)
    {
        var items = sides.Length;
        var low = new int[items];
        var high = new int[items];
        for (var i = 0; i < items; i++)
        {
            var (payer, payee) = sides[i];
            (low[i], high[i]) = payer < payee ? (payer, payee) : (payee, payer);
        }

        var byHigh = new int[items];
        var counts = new int[participantCount + 1];
        foreach (var h in high)
        {
            counts[h + 1]++;
        }

        for (var p = 0; p < participantCount; p++)
        {
            counts[p + 1] += counts[p];
        }

        for (var i = 0; i < items; i++)
        {
            byHigh[counts[high[i]]++] = i;
        }

        var sorted = new int[items];
        Array.Clear(counts);
        foreach (var l in low)
        {
            counts[l + 1]++;
        }

        for (var p = 0; p < participantCount; p++)
        {
            counts[p + 1] += counts[p];
        }

        foreach (var i in byHigh)
        {
            sorted[counts[low[i]]++] = i;
        }

        return sorted;
    }

    /// <summary>Item indices grouped by each non-agent party (an item between two participants is in both groups), in
    /// item order within a group; group p is <c>order[starts[p]..starts[p + 1]]</c>.</summary>
    private static (int[] Order, int[] Starts) GroupBySide(int participantCount, int agent, int items, Func<int, (int Payer, int Payee)> sides)
    {
        var starts = new int[participantCount + 1];
        for (var i = 0; i < items; i++)
        {
            var (payer, payee) = sides(i);
            if (payer != agent)
            {
                starts[payer + 1]++;
            }

            if (payee != agent)
            {
                starts[payee + 1]++;
            }
        }

        for (var p = 0; p < participantCount; p++)
        {
            starts[p + 1] += starts[p];
        }

        var order = new int[starts[participantCount]];
        var cursor = starts[..participantCount];
        for (var i = 0; i < items; i++)
        {
            var (payer, payee) = sides(i);
            if (payer != agent)
            {
                order[cursor[payer]++] = i;
            }

            if (payee != agent)
            {
                order[cursor[payee]++] = i;
            }
        }

        return (order, starts);
    }
}
