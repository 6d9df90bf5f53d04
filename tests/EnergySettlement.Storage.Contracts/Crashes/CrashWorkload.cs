using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Meters;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Settlement.Readings;
using EnergySettlement.Trading;

namespace EnergySettlement.Storage.Contracts.Crashes;

/// <summary>
/// What the crash child does and what the parent checks after killing it. The child runs concurrent writers against
/// every store of one journal (order-journal appends of 1–5 entries, 3-coin reservations, signed transactions, meter
/// readings, planned batches of 1–7 payouts followed by their prepared transaction) and
/// prints one line per acknowledged write; every record's content follows from its key, so the parent can tell a
/// complete record from a half-written or corrupt one. After each kill the parent checks that every acknowledged write
/// is there, and that every record there is whole.
/// </summary>
public static class CrashWorkload
{
    /// <summary>How many writers run at once in the child, so kills land inside group commits.</summary>
    public const int Writers = 8;

    /// <summary>Runs the writers until <paramref name="limit"/> passes (or the process is killed, the point).</summary>
    /// <typeparam name="TJournal">The journal type.</typeparam>
    /// <param name="journal">The journal, open.</param>
    /// <param name="generation">The child's run number: keys of reservations and transactions are fresh in every run.</param>
    /// <param name="acknowledgements">Where each acknowledged write is printed, after its task completed.</param>
    /// <param name="limit">How long to run at most, so an orphaned child stops by itself.</param>
    /// <returns>A task that completes when the limit passes.</returns>
    public static async Task RunAsync<TJournal>(TJournal journal, int generation, TextWriter acknowledgements, TimeSpan limit)
        where TJournal : ISettlementJournal, ISequencedTransactionStore, ICoinReservationStore, IOrderJournal
    {
        ArgumentNullException.ThrowIfNull(acknowledgements);
        using var stop = new CancellationTokenSource(limit);
        var lines = TextWriter.Synchronized(acknowledgements);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(journal, generation, w, lines, stop.Token))));
    }

    /// <summary>Checks the journal after a crash: every acknowledged write is there, every record there is whole.</summary>
    /// <typeparam name="TJournal">The journal type.</typeparam>
    /// <param name="journal">The journal, reopened.</param>
    /// <param name="acknowledgements">Every line every child printed so far.</param>
    /// <returns>How many records the journal holds, for the test's log.</returns>
    public static async Task<int> VerifyAsync<TJournal>(TJournal journal, IEnumerable<string> acknowledgements)
        where TJournal : ISettlementJournal, ISequencedTransactionStore, ICoinReservationStore, IOrderJournal
    {
        ArgumentNullException.ThrowIfNull(acknowledgements);
        var lastAcknowledged = new long[Writers];
        var reservations = new HashSet<string>(StringComparer.Ordinal);
        var transactions = new HashSet<(int Writer, ulong Sequence)>();
        var readings = new long[Writers];
        var batches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in acknowledgements)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "O":
                    var w = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    lastAcknowledged[w] = Math.Max(lastAcknowledged[w], long.Parse(parts[2], CultureInfo.InvariantCulture));
                    break;
                case "C":
                    reservations.Add(parts[1]);
                    break;
                case "S":
                    transactions.Add((int.Parse(parts[1], CultureInfo.InvariantCulture), ulong.Parse(parts[2], CultureInfo.InvariantCulture)));
                    break;
                case "R":
                    var r = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    readings[r] = Math.Max(readings[r], int.Parse(parts[2], CultureInfo.InvariantCulture) + 1);
                    break;
                case "B":
                    batches.Add(parts[1]);
                    break;
            }
        }

        var records = 0;
        for (var w = 0; w < Writers; w++)
        {
            // Order journal: 1..last without gaps, each entry exactly as written, nothing acknowledged missing.
            var expected = 1L;
            await foreach (var entry in ((IOrderJournal)journal).ReadAsync(Market(w), 0))
            {
                Assert.Equal(expected, entry.Sequence);
                Assert.True(Entry(w, entry.Sequence).Equals(entry), $"Entry {entry.Sequence} of {Market(w)} is not what was written.");
                expected++;
                records++;
            }

            Assert.True(expected - 1 >= lastAcknowledged[w], $"{Market(w)} ends at {expected - 1}, but {lastAcknowledged[w]} was acknowledged.");

            // Reservations: each one whole (all three coins, as written); every acknowledged one present.
            foreach (var reservation in await ((ICoinReservationStore)journal).LoadAsync(Owner(w)))
            {
                var (generation, writer, index) = ParseBatch(reservation.Batch);
                Assert.Equal(Coins(generation, writer, index), reservation.Coins);
                reservations.Remove(reservation.Batch.Value);
                records += reservation.Coins.Count;
            }

            // Signed transactions: each exactly as written; every acknowledged one present.
            foreach (var transaction in (await ((ISequencedTransactionStore)journal).LoadAsync(Signer(w))).Outstanding)
            {
                Assert.Equal(Transaction(w, transaction.Sequence), transaction);
                transactions.Remove((w, transaction.Sequence));
                records++;
            }
        }

        // Readings: revisions 0..n-1 without gaps, each exactly as written; every acknowledged one present.
        for (var w = 0; w < Writers; w++)
        {
            var revisions = await ((ISettlementJournal)journal).GetReadingRevisionsAsync(Meter(w), ReadingPeriod.Start);
            Assert.True(revisions.Count >= readings[w], $"Meter {Meter(w)} has {revisions.Count} revisions, but {readings[w]} were acknowledged.");
            for (var revision = 0; revision < revisions.Count; revision++)
            {
                Assert.Equal(Reading(w, revision), revisions[revision]);
                records++;
            }
        }

        // Batches: each whole (every payout as planned, its prepared transaction as signed); every acknowledged one has both.
        foreach (var history in await ((ISettlementJournal)journal).GetOpenBatchesAsync(DateTimeOffset.MaxValue))
        {
            var (generation, writer, index) = ParseBatch(history.Id, "crash-batch-");
            Assert.Equal(PlannedBatch(generation, writer, index), history.Record);
            Assert.True(history.Transitions.Count <= 1, $"Batch {history.Id} has {history.Transitions.Count} transitions; the child writes one.");
            if (history.Transitions.Count == 1)
            {
                Assert.Equal(Prepared(generation, writer, index), history.Transitions[0]);
                batches.Remove(history.Id.Value);
            }

            records += history.Batch.Payouts.Count + history.Transitions.Count;
        }

        Assert.True(batches.Count == 0, $"Acknowledged batches are missing or lack their transaction: {string.Join(", ", batches.Take(5))}.");
        Assert.True(reservations.Count == 0, $"Acknowledged reservations are missing: {string.Join(", ", reservations.Take(5))}.");
        Assert.True(transactions.Count == 0, $"Acknowledged transactions are missing: {string.Join(", ", transactions.Take(5))}.");
        return records;
    }

    private static async Task WriteAsync<TJournal>(TJournal journal, int generation, int w, TextWriter lines, CancellationToken stop)
        where TJournal : ISettlementJournal, ISequencedTransactionStore, ICoinReservationStore, IOrderJournal
    {
        var next = await ((IOrderJournal)journal).GetLastSequenceAsync(Market(w)) + 1;
        var revision = (await ((ISettlementJournal)journal).GetReadingRevisionsAsync(Meter(w), ReadingPeriod.Start)).Count;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            switch (i % 5)
            {
                case 3:
                    await ((ISettlementJournal)journal).AppendReadingAsync(Reading(w, revision));
                    lines.WriteLine(string.Create(CultureInfo.InvariantCulture, $"R {w} {revision}"));
                    revision++;
                    break;
                case 4:
                    await ((ISettlementJournal)journal).AppendBatchesAsync([PlannedBatch(generation, w, i)]);
                    await ((ISettlementJournal)journal).AppendTransitionAsync(Prepared(generation, w, i));
                    lines.WriteLine("B " + PlannedBatch(generation, w, i).Id.Value);
                    break;
                case 0:
                    var count = 1 + (i % 5);
                    var entries = Enumerable.Range(0, count).Select(k => Entry(w, next + k)).ToArray();
                    await ((IOrderJournal)journal).AppendAsync(Market(w), entries);
                    next += count;
                    lines.WriteLine(string.Create(CultureInfo.InvariantCulture, $"O {w} {next - 1}"));
                    break;
                case 1:
                    var batch = Batch(generation, w, i);
                    var result = await ((ICoinReservationStore)journal).ReserveAsync(batch, Coins(generation, w, i), StoreTestData.At);
                    if (!result.IsReserved)
                    {
                        throw new InvalidOperationException($"Reservation {batch} was refused; its coins are its own.");
                    }

                    lines.WriteLine("C " + batch.Value);
                    break;
                default:
                    var sequence = checked((ulong)generation * 1_000_000UL + (ulong)i);
                    await ((ISequencedTransactionStore)journal).RecordAsync(Transaction(w, sequence));
                    lines.WriteLine(string.Create(CultureInfo.InvariantCulture, $"S {w} {sequence}"));
                    break;
            }
        }
    }

    private static MarketId Market(int w) => new($"crash-market-{w}");

    private static SettlementAccount Owner(int w) => StoreTestData.DashAccount(500 + w);

    private static SettlementAccount Signer(int w) => StoreTestData.EthAccount(500 + w);

    private static OrderJournalEntry Entry(int w, long sequence) => new()
    {
        Sequence = sequence,
        RecordedAt = StoreTestData.At.AddSeconds(sequence),
        Payload = StoreTestData.Bytes((w * 1_000_003) ^ (int)sequence, 16 + (int)(sequence % 48)),
    };

    private static SettlementBatchId Batch(int generation, int w, int i) => new(string.Create(CultureInfo.InvariantCulture, $"crash-{generation}-{w}-{i}"));

    private static (int Generation, int Writer, int Index) ParseBatch(SettlementBatchId batch, string prefix = "crash-")
    {
        var parts = batch.Value[prefix.Length..].Split('-');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static readonly DeliveryPeriod ReadingPeriod = DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 11, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15));

    private static MeterId Meter(int w) => new($"crash-meter-{w}");

    private static RecordedReading Reading(int w, int revision) => new()
    {
        Reading = new MeterReading
        {
            Meter = Meter(w),
            IntervalStart = ReadingPeriod.Start,
            IntervalLength = ReadingPeriod.Length,
            Imported = new Energy(revision),
            Exported = new Energy(1_000 + w),
            ImportRegisterWattHours = 50_000 + revision,
            ExportRegisterWattHours = 60_000 + w,
            Signature = StoreTestData.Bytes(w * 7_919 + revision, 64),
        },
        Participant = new ParticipantId($"crash-home-{w}"),
        Period = ReadingPeriod,
        Revision = revision,
        RecordedAt = StoreTestData.At.AddSeconds(revision),
        CorrectionReason = revision == 0 ? null : "re-read",
    };

    private static SettlementBatchRecord PlannedBatch(int generation, int w, int i) => new()
    {
        Batch = new SettlementBatch(
            new SettlementBatchId(string.Create(CultureInfo.InvariantCulture, $"crash-batch-{generation}-{w}-{i}")),
            Signer(w),
            StoreTestData.Ether,
            Enumerable.Range(0, 1 + (i % 7)).Select(k => new Payout(StoreTestData.EthAccount(10_000 + k), new Money(((Int128)ulong.MaxValue * (k + 1)) + i, StoreTestData.Ether), k % 2 == 0 ? "crash" : null))),
        PlannedAt = StoreTestData.At.AddSeconds(i),
    };

    private static BatchTransition Prepared(int generation, int w, int i)
    {
        var batch = PlannedBatch(generation, w, i).Id;
        var transaction = new PreparedTransaction
        {
            BatchId = batch,
            ChainId = StoreTestData.Ethereum,
            Payer = Signer(w),
            TransactionId = new ChainTransactionId(string.Create(CultureInfo.InvariantCulture, $"0xb{generation:x4}{w:x4}{i:x8}")),
            RawTransaction = StoreTestData.Bytes(generation ^ (w << 8) ^ (i << 12), 150),
            MaxFee = new Money(21_000 + i, StoreTestData.Ether),
            Sequence = (ulong)i,
        };
        return new BatchTransition
        {
            BatchId = batch,
            Sequence = 1,
            Kind = BatchTransitionKind.Prepared,
            State = BatchState.Prepared,
            At = StoreTestData.At.AddSeconds(i + 1),
            TransactionId = transaction.TransactionId,
            Transaction = transaction,
            Role = TransactionRole.Original,
        };
    }

    private static ReservedCoin[] Coins(int generation, int w, int i) =>
        Enumerable.Range(0, 3)
            .Select(k => StoreTestData.Coin(Owner(w), (generation * 100_000 + i) * Writers + w, (uint)k, 1_000 + i + k, "c"))
            .ToArray();

    private static SequencedTransaction Transaction(int w, ulong sequence) => new()
    {
        Account = Signer(w),
        Sequence = sequence,
        TransactionId = new ChainTransactionId(string.Create(CultureInfo.InvariantCulture, $"0x{w:x4}{sequence:x16}")),
        RawTransaction = StoreTestData.Bytes((int)(sequence % int.MaxValue) ^ w, 64 + (int)(sequence % 64)),
        BatchId = new SettlementBatchId(string.Create(CultureInfo.InvariantCulture, $"crash-tx-{w}-{sequence}")),
        SignedAt = StoreTestData.At,
    };
}
