namespace EnergySettlement.Settlement;

/// <summary>
/// Works out the content-derived ids of many records at once, on every core: each record's id depends only on its own
/// fields, so the ids are the same whichever thread hashes them, and a record's cached id is written by one thread only.
/// </summary>
internal static class ContentIds
{
    // Below this many records, one thread is faster than handing out work.
    private const int ChunkSize = 8_192;

    /// <summary>Computes the id of every obligation that has none yet (the planner hashes most as it makes them).</summary>
    public static void ComputeMissing(List<Obligation> obligations)
    {
        var missing = new List<Obligation>();
        foreach (var obligation in obligations)
        {
            if (!obligation.HasId)
            {
                missing.Add(obligation);
            }
        }

        Compute(missing);
    }

    /// <summary>Computes the id of every obligation (each caches its own), in parallel chunks when there are many.</summary>
    public static void Compute(List<Obligation> obligations)
    {
        var chunks = (obligations.Count + ChunkSize - 1) / ChunkSize;
        if (chunks <= 1 || Environment.ProcessorCount == 1)
        {
            ComputeRange(obligations, 0, obligations.Count);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chunk =>
            ComputeRange(obligations, chunk * ChunkSize, Math.Min(obligations.Count, (chunk + 1) * ChunkSize)));
    }

    /// <summary>Computes the ids of <c>obligations[from..end]</c> on the calling thread.</summary>
    public static void ComputeRange(List<Obligation> obligations, int from, int end)
    {
        if (!Sha256Lanes.IsSupported)
        {
            for (var i = from; i < end; i++)
            {
                _ = obligations[i].Id;
            }

            return;
        }

        // Eight encodings side by side in one buffer, hashed together, one lane each.
        const int Lanes = Sha256Lanes.Lanes;
        var data = new byte[Lanes * 512];
        Span<int> starts = stackalloc int[Lanes];
        Span<int> lengths = stackalloc int[Lanes];
        Span<byte> digests = stackalloc byte[Lanes * 32];
        for (var group = from; group < end; group += Lanes)
        {
            var count = Math.Min(Lanes, end - group);
            var used = 0;
            for (var lane = 0; lane < count; lane++)
            {
                var hash = obligations[group + lane].Encode();
                var encoded = hash.Encoded;
                if (used + encoded.Length > data.Length)
                {
                    Array.Resize(ref data, Math.Max(data.Length * 2, used + encoded.Length));
                }

                encoded.CopyTo(data.AsSpan(used));
                starts[lane] = used;
                lengths[lane] = encoded.Length;
                used += encoded.Length;
                hash.Release();
            }

            Sha256Lanes.Hash(data, starts[..count], lengths[..count], digests);
            for (var lane = 0; lane < count; lane++)
            {
                obligations[group + lane].SetId(ObligationId.FromDigest(digests.Slice(lane * 32, 32)));
            }
        }
    }
}
