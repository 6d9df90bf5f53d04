using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Trading;

namespace EnergySettlement.Storage.Contracts.Journals;

/// <summary>
/// What a storage package promises about its one database as a whole: every store lives in it together (one
/// connection for a host, one restart for all), and two hosts on the same database never double-reserve a coin, never
/// lose an append and never both win a conflict — the database, not process memory, holds the rules.
/// </summary>
/// <typeparam name="TJournal">The package's journal type, which is every store at once.</typeparam>
public abstract class JournalDatabaseContract<TJournal> : StoreContract<TJournal>
    where TJournal : class, ISettlementJournal, ISequencedTransactionStore, ICoinReservationStore, IOrderJournal
{
    private static readonly SettlementAccount Payer = StoreTestData.DashAccount(7);
    private static readonly MarketId Market = new("one-database");

    [Fact]
    public async Task EveryStore_AfterReopen_KeepsItsRecordsInTheOneDatabase()
    {
        var tx = Transaction(StoreTestData.EthAccount(1), 0, 1);
        await Sequences(Store).RecordAsync(tx);
        await Coins(Store).ReserveAsync(new SettlementBatchId("b-1"), [StoreTestData.Coin(Payer, 1, 0)], StoreTestData.At);
        await Orders(Store).AppendAsync(Market, [Entry(1, 1)]);
        await Settlement(Store).AppendBatchesAsync([EnergySettlement.Storage.Contracts.Settlement.JournalSamples.Batch("b-9")]);

        await ReopenAsync();

        Assert.Equal(tx, Assert.Single((await Sequences(Store).LoadAsync(tx.Account)).Outstanding));
        Assert.NotNull(await Coins(Store).FindAsync(new SettlementBatchId("b-1")));
        Assert.Equal(1, await Orders(Store).GetLastSequenceAsync(Market));
        Assert.NotNull(await Settlement(Store).GetBatchAsync(new SettlementBatchId("b-9")));
    }

    [Fact]
    public async Task TwoHosts_WriteOnOne_IsReadOnTheOtherAtOnce()
    {
        var other = await OpenAnotherAsync();
        await Orders(Store).AppendAsync(Market, [Entry(1, 1)]);
        Assert.Equal(1, await Orders(other).GetLastSequenceAsync(Market));
        await Coins(other).ReserveAsync(new SettlementBatchId("b-1"), [StoreTestData.Coin(Payer, 1, 0)], StoreTestData.At);
        Assert.False((await Coins(Store).ReserveAsync(new SettlementBatchId("b-2"), [StoreTestData.Coin(Payer, 1, 0)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task TwoHosts_RacingForCoins_NeverHoldOneCoinTwice()
    {
        var other = await OpenAnotherAsync();
        var random = new Random(7);
        var wants = Enumerable.Range(0, 40)
            .Select(b => (Batch: new SettlementBatchId($"race-{b}"), Coins: Enumerable.Range(0, 30).OrderBy(_ => random.Next()).Take(3).Select(c => StoreTestData.Coin(Payer, c, 0)).ToArray()))
            .ToArray();
        var results = await Task.WhenAll(wants.Select((w, i) => Task.Run(() => Coins(i % 2 == 0 ? Store : other).ReserveAsync(w.Batch, w.Coins, StoreTestData.At))));

        var held = new HashSet<OutPoint>();
        var reservations = await Coins(Store).LoadAsync(Payer);
        foreach (var reservation in reservations)
        {
            foreach (var coin in reservation.Coins)
            {
                Assert.True(held.Add(coin.OutPoint), $"Coin {coin.OutPoint} is held twice.");
            }
        }

        for (var i = 0; i < wants.Length; i++)
        {
            var found = await Coins(other).FindAsync(wants[i].Batch);
            Assert.Equal(results[i].IsReserved, found is not null);
            if (found is not null)
            {
                Assert.Equal(wants[i].Coins, found.Coins);
            }
        }
    }

    [Fact]
    public async Task TwoHosts_RacingOnOneMarket_LoseNoAppend()
    {
        var other = await OpenAnotherAsync();
        const int writers = 6;
        const int commandsEach = 10;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var journal = Orders(w % 2 == 0 ? Store : other);
            for (var c = 0; c < commandsEach; c++)
            {
                while (true)
                {
                    var next = await journal.GetLastSequenceAsync(Market) + 1;
                    try
                    {
                        await journal.AppendAsync(Market, [new OrderJournalEntry { Sequence = next, RecordedAt = StoreTestData.At, Payload = new byte[] { (byte)w, (byte)c } }]);
                        break;
                    }
                    catch (IdempotencyConflictException)
                    {
                        // The other host (or a neighbour) took the sequence first.
                    }
                }
            }
        })));

        var payloads = new List<string>();
        await foreach (var entry in Orders(other).ReadAsync(Market, 0))
        {
            payloads.Add(Convert.ToHexString(entry.Payload.Span));
        }

        Assert.Equal(writers * commandsEach, payloads.Count);
        Assert.Equal(writers * commandsEach, payloads.Distinct().Count());
    }

    [Fact]
    public async Task TwoHosts_RecordingOneIdWithOtherBytes_OnlyOneWins()
    {
        var other = await OpenAnotherAsync();
        var account = StoreTestData.EthAccount(3);
        var attempts = Enumerable.Range(1, 10).Select(fill => Task.Run(async () =>
        {
            try
            {
                await Sequences(fill % 2 == 0 ? Store : other).RecordAsync(Transaction(account, 0, (byte)fill));
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }));
        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(won => won));
        Assert.Single((await Sequences(Store).LoadAsync(account)).Outstanding);
    }

    /// <summary>The journal as the settlement journal.</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>The same object.</returns>
    protected static ISettlementJournal Settlement(TJournal journal) => journal;

    /// <summary>The journal as its nonce store.</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>The same object.</returns>
    protected static ISequencedTransactionStore Sequences(TJournal journal) => journal;

    /// <summary>The journal as its coin-reservation store.</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>The same object.</returns>
    protected static ICoinReservationStore Coins(TJournal journal) => journal;

    /// <summary>The journal as its order journal.</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>The same object.</returns>
    protected static IOrderJournal Orders(TJournal journal) => journal;

    private static SequencedTransaction Transaction(SettlementAccount account, ulong sequence, byte fill) => new()
    {
        Account = account,
        Sequence = sequence,
        TransactionId = new ChainTransactionId("0xabc1"),
        RawTransaction = new[] { fill, fill },
        SignedAt = StoreTestData.At,
    };

    private static OrderJournalEntry Entry(long sequence, byte fill) => new()
    {
        Sequence = sequence,
        RecordedAt = StoreTestData.At,
        Payload = new[] { fill },
    };
}
