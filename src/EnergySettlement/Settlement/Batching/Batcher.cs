using System.Text;
using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>
/// Packs legs into as few batches as the chains allow: one group per paying account and asset, in ordinal order of
/// chain, account and asset; within a group, legs in ordinal order of the receiving account (then in the order they were
/// planned); each group cut into parts of at most <see cref="ChainCapabilities.MaxPayoutsPerTransaction"/> payouts — and,
/// with <see cref="PayoutReferences.LegId"/> on a chain with memos, at most as many as the references fit
/// <see cref="ChainCapabilities.MaxMemoBytes"/>.
/// </summary>
internal static class Batcher
{
    // Groups per unit of parallel work: a group is typically one participant's few hundred legs.
    private const int GroupsPerChunk = 64;

    public static List<PlannedBatch> Batch(SettlementWindowId window, RoutedLegs routed, IReadOnlyList<(SettlementAccount From, Asset Asset)> groupKeys, IReadOnlyDictionary<ChainId, ChainCapabilities> chains, PayoutReferences references)
    {
        var legs = routed.Legs;

        // Legs by group, and within a group by receiving address rank, then in planned order: one stable counting sort
        // by group, then a sort of (rank, leg) per group.
        var groupCount = groupKeys.Count;
        var starts = new int[groupCount + 1];
        foreach (var g in routed.Group)
        {
            starts[g + 1]++;
        }

        for (var g = 0; g < groupCount; g++)
        {
            starts[g + 1] += starts[g];
        }

        var byGroup = new long[legs.Count];
        var cursor = starts[..groupCount];
        for (var i = 0; i < legs.Count; i++)
        {
            byGroup[cursor[routed.Group[i]]++] = ((long)routed.PayeeRank[i] << 32) | (uint)i;
        }

        var ordered = new int[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            ordered[g] = g;
        }

        Array.Sort(ordered, (x, y) =>
        {
            var a = groupKeys[x];
            var b = groupKeys[y];
            var byChain = a.From.ChainId.CompareTo(b.From.ChainId);
            if (byChain != 0)
            {
                return byChain;
            }

            var byAccount = string.CompareOrdinal(a.From.Address, b.From.Address);
            return byAccount != 0 ? byAccount : string.CompareOrdinal(a.Asset.Id.ToString(), b.Asset.Id.ToString());
        });

        // Each group's batches are made on its own (its legs are in no other group), so groups are handed out to every
        // core in chunks, and the chunks' batches joined in order: the same batches as one by one.
        var chunks = (ordered.Length + GroupsPerChunk - 1) / GroupsPerChunk;
        var made = new List<PlannedBatch>[chunks];
        ParallelChunks.Run(chunks, chunk =>
        {
            var mine = new List<PlannedBatch>();
            for (var k = chunk * GroupsPerChunk; k < Math.Min(ordered.Length, (chunk + 1) * GroupsPerChunk); k++)
            {
                var g = ordered[k];
                BatchGroup(window, legs, byGroup.AsSpan(starts[g], starts[g + 1] - starts[g]), groupKeys[g], chains, references, mine);
            }

            made[chunk] = mine;
        });

        var batches = new List<PlannedBatch>(made.Sum(m => m.Count));
        foreach (var mine in made)
        {
            batches.AddRange(mine);
        }

        return batches;
    }

    private static Payout[] Payouts(SettlementLeg[] legs, bool withReferences)
    {
        var payouts = new Payout[legs.Length];
        for (var j = 0; j < legs.Length; j++)
        {
            var leg = legs[j];
            payouts[j] = new Payout(leg.To, leg.Amount, withReferences ? leg.Id.Value : null);
        }

        return payouts;
    }

    private static void BatchGroup(SettlementWindowId window, List<SettlementLeg> legs, Span<long> members, (SettlementAccount From, Asset Asset) key, IReadOnlyDictionary<ChainId, ChainCapabilities> chains, PayoutReferences references, List<PlannedBatch> batches)
    {
        if (members.IsEmpty)
        {
            return;
        }

        members.Sort();
        var group = new int[members.Length];
        for (var j = 0; j < members.Length; j++)
        {
            group[j] = (int)(uint)members[j];
        }

        var capabilities = chains[key.From.ChainId];
        var withReferences = references == PayoutReferences.LegId && capabilities.SupportsMemo;
        var perTransaction = Math.Max(1, capabilities.MaxPayoutsPerTransaction);
        if (withReferences)
        {
            // Leg ids all have the same length; if even one does not fit the memo, the chain's payouts carry none.
            var referenceBytes = Encoding.UTF8.GetByteCount(legs[group[0]].Id.Value);
            var fit = capabilities.MaxMemoBytes / referenceBytes;
            withReferences = fit > 0;
            perTransaction = withReferences ? Math.Min(perTransaction, fit) : perTransaction;
        }

        var part = 0;
        for (var from = 0; from < group.Length; from += perTransaction)
        {
            part++;
            var count = Math.Min(perTransaction, group.Length - from);
            var partLegs = new SettlementLeg[count];
            for (var j = 0; j < count; j++)
            {
                partLegs[j] = legs[group[from + j]];
            }

            // The legs array was just made here and nothing else holds it: the planned batch keeps it, and the batch makes
            // its payouts from it (one to one, so they match by construction) when someone reads them.
            var batch = SettlementBatch.Deferred(PlannedBatch.CreateId(window, key.From, key.Asset, part), key.From, key.Asset, () => Payouts(partLegs, withReferences));
            batches.Add(PlannedBatch.Owning(window, part, batch, partLegs));
        }
    }
}
