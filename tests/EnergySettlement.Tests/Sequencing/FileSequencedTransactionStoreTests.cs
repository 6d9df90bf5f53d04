using System.Text;
using EnergySettlement.Sequencing;

namespace EnergySettlement.Tests.Sequencing;

public sealed class FileSequencedTransactionStoreTests : SequencedTransactionStoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("es-seq-").FullName;
    private FileSequencedTransactionStore _store;

    public FileSequencedTransactionStoreTests() => _store = FileSequencedTransactionStore.Open(FilePath);

    protected override ISequencedTransactionStore Store => _store;

    private string FilePath => Path.Combine(_directory, "sequences.jsonl");

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Open_AfterRestart_LoadsRecordsAndCompletions()
    {
        var kept = Tx(Alice, 1, "0x02", fill: 7, batch: "batch-2");
        await _store.RecordAsync(Tx(Alice, 0, "0x01"));
        await _store.RecordAsync(kept);
        await _store.RecordAsync(Tx(Bob, 4, "0x03"));
        await _store.CompleteAsync(Alice, 0);

        Restart();

        var alice = await _store.LoadAsync(Alice);
        Assert.Equal(2UL, alice.NextSequence);
        AssertSame(kept, Assert.Single(alice.Outstanding));
        Assert.Equal(5UL, (await _store.LoadAsync(Bob)).NextSequence);
    }

    [Fact]
    public async Task Open_AfterRestart_KeepsConflictDetection()
    {
        await _store.RecordAsync(Tx(Alice, 0, "0x01", fill: 1));
        Restart();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.RecordAsync(Tx(Alice, 0, "0x01", fill: 2)));
    }

    [Fact]
    public async Task RecordAsync_RepeatedTransaction_AppendsNothing()
    {
        await _store.RecordAsync(Tx(Alice, 0, "0x01"));
        var length = new FileInfo(FilePath).Length;
        await _store.RecordAsync(Tx(Alice, 0, "0x01"));
        Assert.Equal(length, new FileInfo(FilePath).Length);
    }

    [Fact]
    public async Task RecordAsync_Conflicting_AppendsNothing()
    {
        await _store.RecordAsync(Tx(Alice, 0, "0x01", fill: 1));
        var length = new FileInfo(FilePath).Length;
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.RecordAsync(Tx(Alice, 0, "0x01", fill: 2)));
        Assert.Equal(length, new FileInfo(FilePath).Length);
    }

    [Fact]
    public async Task Open_TornLastLine_IsCutAndTheRestKept()
    {
        await _store.RecordAsync(Tx(Alice, 0, "0x01"));
        await _store.RecordAsync(Tx(Alice, 1, "0x02"));
        _store.Dispose();
        var intact = File.ReadAllBytes(FilePath);
        File.AppendAllText(FilePath, "{\"op\":\"record\",\"account\":\"eip155:1:0x00", Encoding.UTF8);

        _store = FileSequencedTransactionStore.Open(FilePath);

        var state = await _store.LoadAsync(Alice);
        Assert.Equal(2, state.Outstanding.Count);
        Assert.Equal(2UL, state.NextSequence);
        _store.Dispose();
        Assert.Equal(intact, File.ReadAllBytes(FilePath));
    }

    [Fact]
    public async Task Open_TornLastLine_NextAppendStartsOnAFreshLine()
    {
        await _store.RecordAsync(Tx(Alice, 0, "0x01"));
        _store.Dispose();
        File.AppendAllText(FilePath, "{\"op\":\"comp", Encoding.UTF8);
        _store = FileSequencedTransactionStore.Open(FilePath);
        await _store.RecordAsync(Tx(Alice, 1, "0x02"));

        Restart();

        Assert.Equal(2, (await _store.LoadAsync(Alice)).Outstanding.Count);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"op\":\"record\",\"account\":\"eip155:1:0xab\"}")]
    [InlineData("{\"op\":\"explode\",\"account\":\"eip155:1:0xab\",\"sequence\":1}")]
    [InlineData("{\"op\":\"complete\",\"account\":\"not an account\",\"sequence\":1}")]
    [InlineData("")]
    public async Task Open_DamagedMiddleLine_ThrowsEnergySettlementException(string damaged)
    {
        await _store.RecordAsync(Tx(Alice, 0, "0x01"));
        _store.Dispose();
        File.AppendAllText(FilePath, damaged + "\n", Encoding.UTF8);
        File.AppendAllText(FilePath, File.ReadLines(FilePath).First() + "\n", Encoding.UTF8);

        var error = Assert.Throws<EnergySettlementException>(() => FileSequencedTransactionStore.Open(FilePath));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);

        // The failed open released the file: it can be inspected and repaired.
        using var again = File.Open(FilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public void Open_FileAlreadyOpenByAnotherStore_ThrowsIOException() =>
        Assert.Throws<IOException>(() => FileSequencedTransactionStore.Open(FilePath));

    [Fact]
    public void Open_MissingDirectory_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => FileSequencedTransactionStore.Open(Path.Combine(_directory, "missing", "s.jsonl")));

    [Fact]
    public void Open_EmptyPath_Throws() => Assert.Throws<ArgumentException>(() => FileSequencedTransactionStore.Open(string.Empty));

    [Fact]
    public async Task RecordAsync_WritesOneJsonLinePerRecord()
    {
        await _store.RecordAsync(Tx(Alice, 0, "0x01"));
        await _store.CompleteAsync(Alice, 0);
        _store.Dispose();
        var lines = File.ReadAllLines(FilePath);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"op\":\"record\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"op\":\"complete\"", lines[1], StringComparison.Ordinal);
    }

    private void Restart()
    {
        _store.Dispose();
        _store = FileSequencedTransactionStore.Open(FilePath);
    }
}
