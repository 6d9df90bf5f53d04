using System.Globalization;
using CsCheck;
using EnergySettlement.Trading;

namespace EnergySettlement.Storage.Contracts.Trading;

/// <summary>
/// Model-based check: random appends (new, repeated, overlapping, conflicting, with gaps), snapshots and reads run
/// against a journal and against the core's <see cref="InMemoryOrderJournal"/> (the reference) give the same answers and
/// the same errors, and the journal gives them again after a restart. Each sample uses its own markets.
/// </summary>
internal static class OrderJournalModel
{
    private static readonly Gen<Operation> AnyOperation = Gen.Frequency(
        (6, Gen.Int[0, 1].Select(Gen.Int[-3, 1], Gen.Int[0, 5], Gen.Int[0, 9], (m, d, n, v) => new Operation('A', m, d, n, v < 8 ? 0 : v))),
        (2, Gen.Int[0, 1].Select(Gen.Int[-2, 1], Gen.Int[0, 9], (m, d, v) => new Operation('S', m, d, 0, v < 8 ? 0 : v))),
        (1, Gen.Int[0, 1].Select(Gen.Int[-1, 3], (m, a) => new Operation('R', m, a, 0, 0))),
        (1, Gen.Int[0, 1].Select(m => new Operation('L', m, 0, 0, 0))),
        (1, Gen.Int[0, 1].Select(m => new Operation('P', m, 0, 0, 0))));

    public static async Task CheckAgainstReferenceAsync(IOrderJournal journal, Func<Task<IOrderJournal>> reopen, long iterations = 40)
    {
        var sample = 0;
        await AnyOperation.Array[1, 30].SampleAsync(
            async operations =>
            {
                var tag = "m" + Interlocked.Increment(ref sample).ToString(CultureInfo.InvariantCulture);
                var reference = new InMemoryOrderJournal();
                foreach (var operation in operations)
                {
                    // Positions are relative to the reference's end, so appends meet the journal's edge often.
                    var last = await reference.GetLastSequenceAsync(MarketOf(tag, operation.Market));
                    var expected = await RunAsync(reference, operation, tag, last);
                    var actual = await RunAsync(journal, operation, tag, last);
                    Assert.True(expected == actual, $"{Describe(operations)}: after {operation} (end {last}) the reference answered '{expected}', the journal '{actual}'.");
                }

                journal = await reopen();
                for (var market = 0; market < 2; market++)
                {
                    foreach (var kind in "RLP")
                    {
                        var read = new Operation(kind, market, 0, 0, 0);
                        var expected = await RunAsync(reference, read, tag, 0);
                        var actual = await RunAsync(journal, read, tag, 0);
                        Assert.True(expected == actual, $"{Describe(operations)}: after a restart, {read} gave '{actual}' instead of '{expected}'.");
                    }
                }
            },
            iter: iterations,
            threads: 1,
            print: Describe);
    }

    private static MarketId MarketOf(string tag, int market) => new($"{tag}-market-{market}");

    private static string Describe(Operation[] operations) => string.Join(" ", operations.Select(o => o.ToString()));

    private static OrderJournalEntry Entry(long sequence, int variant) => new()
    {
        Sequence = sequence,
        RecordedAt = StoreTestData.At.AddSeconds(sequence),
        Payload = StoreTestData.Bytes((int)sequence * 7 + variant, 4 + (int)(sequence % 5)),
    };

    private static async Task<string> RunAsync(IOrderJournal journal, Operation operation, string tag, long last)
    {
        var market = MarketOf(tag, operation.Market);
        try
        {
            switch (operation.Kind)
            {
                case 'A':
                    var first = last + operation.Delta;
                    var entries = Enumerable.Range(0, operation.Count).Select(i => Entry(first + i, i == operation.Count - 1 ? operation.Variant : 0)).ToArray();
                    await journal.AppendAsync(market, entries);
                    return "appended";
                case 'S':
                    var sequence = last + operation.Delta;
                    await journal.SaveSnapshotAsync(market, new OrderJournalSnapshot
                    {
                        Sequence = sequence,
                        TakenAt = StoreTestData.At.AddMinutes(sequence),
                        State = StoreTestData.Bytes((int)sequence + operation.Variant, 16),
                    });
                    return "saved";
                case 'R':
                    var read = new List<string>();
                    await foreach (var entry in journal.ReadAsync(market, operation.Delta))
                    {
                        read.Add(entry.Sequence.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToHexString(entry.Payload.Span) + "@" + entry.RecordedAt.ToString("O", CultureInfo.InvariantCulture));
                    }

                    return string.Join(",", read);
                case 'L':
                    return (await journal.GetLastSequenceAsync(market)).ToString(CultureInfo.InvariantCulture);
                default:
                    var snapshot = await journal.LoadLatestSnapshotAsync(market);
                    return snapshot is null ? "none" : $"{snapshot.Sequence}:{Convert.ToHexString(snapshot.State.Span)}@{snapshot.TakenAt:O}";
            }
        }
        catch (Exception error) when (error is ArgumentException or IdempotencyConflictException)
        {
            return error.GetType().Name;
        }
    }

    private sealed record Operation(char Kind, int Market, int Delta, int Count, int Variant)
    {
        public override string ToString() => Kind switch
        {
            'A' => $"append(m{Market}, end{Delta:+0;-0;+0}, {Count}, v{Variant})",
            'S' => $"snapshot(m{Market}, end{Delta:+0;-0;+0}, v{Variant})",
            'R' => $"read(m{Market}, after {Delta})",
            'L' => $"last(m{Market})",
            _ => $"latest-snapshot(m{Market})",
        };
    }
}
