namespace EnergySettlement.Settlement;

/// <summary>
/// Nets a window's obligations and the carried amounts it consumes into net payments, exactly (no rounding happens
/// here): bilaterally per pair of participants, or multilaterally through a clearing agent so that each participant has
/// at most one net payment. Each participant's net position is conserved: what it is owed minus what it owes over the
/// obligations and carried amounts equals what it receives minus what it pays over the net payments.
/// </summary>
internal static class Netter
{
    public static List<NetPayment> Bilateral(int participantCount, List<(int Payer, int Payee)> parties, List<Obligation> obligations, CarriedAmount[] carried, Func<CarriedAmount, (int Payer, int Payee)> carriedParties)
    {
        // At most one pair per obligation or carried amount, and at most every pair of participants.
        var capacity = (int)Math.Min(obligations.Count + (long)carried.Length, (long)participantCount * (participantCount - 1) / 2);
        var pairOf = new Dictionary<long, int>(capacity);
        var keys = new List<long>(capacity);
        var net = new List<Int128>(capacity);
        var obligationPair = new int[obligations.Count];
        var carriedPair = new int[carried.Length];
        for (var i = 0; i < obligations.Count; i++)
        {
            var (payer, payee) = parties[i];
            obligationPair[i] = Accumulate(payer, payee, obligations[i].Amount.Amount);
        }

        for (var i = 0; i < carried.Length; i++)
        {
            var (payer, payee) = carriedParties(carried[i]);
            carriedPair[i] = Accumulate(payer, payee, carried[i].Amount.Amount);
        }

        var obligationsByPair = Group(keys.Count, obligationPair);
        var carriedByPair = Group(keys.Count, carriedPair);

        // Pairs in participant order (lower index, then higher), so the legs come out the same whatever the input order.
        var order = new int[keys.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var sortKeys = keys.ToArray();
        Array.Sort(sortKeys, order);
        var payments = new List<NetPayment>(keys.Count);
        foreach (var pair in order)
        {
            var amount = net[pair];
            if (amount == 0)
            {
                continue;
            }

            var low = (int)(keys[pair] / participantCount);
            var high = (int)(keys[pair] % participantCount);
            payments.Add(amount > 0
                ? new NetPayment(low, high, amount, obligationsByPair[pair], carriedByPair[pair])
                : new NetPayment(high, low, -amount, obligationsByPair[pair], carriedByPair[pair]));
        }

        return payments;

        int Accumulate(int payer, int payee, Int128 amount)
        {
            // Positive net: the lower-indexed participant pays the higher.
            var (low, high, signed) = payer < payee ? (payer, payee, amount) : (payee, payer, -amount);
            var key = ((long)low * participantCount) + high;
            if (!pairOf.TryGetValue(key, out var pair))
            {
                pair = keys.Count;
                pairOf.Add(key, pair);
                keys.Add(key);
                net.Add(Int128.Zero);
            }

            net[pair] += signed;
            return pair;
        }
    }

    public static List<NetPayment> Cleared(int participantCount, int agent, List<(int Payer, int Payee)> parties, List<Obligation> obligations, CarriedAmount[] carried, Func<CarriedAmount, (int Payer, int Payee)> carriedParties)
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

        var obligationsBy = GroupBySide(participantCount, agent, parties.Count, i => parties[i]);
        var carriedBy = GroupBySide(participantCount, agent, carried.Length, i => carriedSides[i]);
        var payments = new List<NetPayment>();
        for (var p = 0; p < participantCount; p++)
        {
            // The agent's own position is the mirror of everyone else's: it pays or receives through the other legs.
            if (p == agent || net[p] == 0)
            {
                continue;
            }

            payments.Add(net[p] > 0
                ? new NetPayment(agent, p, net[p], obligationsBy[p], carriedBy[p])
                : new NetPayment(p, agent, -net[p], obligationsBy[p], carriedBy[p]));
        }

        return payments;
    }

    /// <summary>Groups item indices by their group, keeping item order within each group.</summary>
    private static int[][] Group(int groups, int[] groupOf)
    {
        var counts = new int[groups];
        foreach (var g in groupOf)
        {
            counts[g]++;
        }

        var result = new int[groups][];
        for (var g = 0; g < groups; g++)
        {
            result[g] = counts[g] == 0 ? [] : new int[counts[g]];
            counts[g] = 0;
        }

        for (var i = 0; i < groupOf.Length; i++)
        {
            var g = groupOf[i];
            result[g][counts[g]++] = i;
        }

        return result;
    }

    /// <summary>Groups item indices by each non-agent party (an item between two participants is in both groups).</summary>
    private static int[][] GroupBySide(int participantCount, int agent, int items, Func<int, (int Payer, int Payee)> sides)
    {
        var counts = new int[participantCount];
        for (var i = 0; i < items; i++)
        {
            var (payer, payee) = sides(i);
            counts[payer]++;
            counts[payee]++;
        }

        var result = new int[participantCount][];
        for (var p = 0; p < participantCount; p++)
        {
            result[p] = counts[p] == 0 || p == agent ? [] : new int[counts[p]];
            counts[p] = 0;
        }

        for (var i = 0; i < items; i++)
        {
            var (payer, payee) = sides(i);
            if (payer != agent)
            {
                result[payer][counts[payer]++] = i;
            }

            if (payee != agent)
            {
                result[payee][counts[payee]++] = i;
            }
        }

        return result;
    }
}
