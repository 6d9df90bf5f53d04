using System.Text;
using EnergySettlement.Sequencing;
using EnergySettlement.Storage.Contracts.Sequencing;

namespace EnergySettlement.Tests.Sequencing;

public sealed class FileSequencedTransactionStoreTests : DurableSequencedTransactionStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("es-seq-").FullName;

    private string FilePath => Path.Combine(_directory, "sequences.jsonl");

    protected override Task<ISequencedTransactionStore> OpenAsync() => Task.FromResult<ISequencedTransactionStore>(FileSequencedTransactionStore.Open(FilePath));

    protected override Task DeleteDatabaseAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RecordAsync_RepeatedTransaction_AppendsNothing()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        var length = new FileInfo(FilePath).Length;
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        Assert.Equal(length, new FileInfo(FilePath).Length);
    }

    [Fact]
    public async Task RecordAsync_Conflicting_AppendsNothing()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01", fill: 1));
        var length = new FileInfo(FilePath).Length;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.RecordAsync(Tx(Alice, 0, "0x01", fill: 2)));
        Assert.Equal(length, new FileInfo(FilePath).Length);
    }

    [Fact]
    public async Task Open_TornLastLine_IsCutAndTheRestKept()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await Store.RecordAsync(Tx(Alice, 1, "0x02"));
        await CloseStoreAsync();
        var intact = File.ReadAllBytes(FilePath);
        File.AppendAllText(FilePath, "{\"op\":\"record\",\"account\":\"eip155:1:0x00", Encoding.UTF8);

        await ReopenAsync();

        var state = await Store.LoadAsync(Alice);
        Assert.Equal(2, state.Outstanding.Count);
        Assert.Equal(2UL, state.NextSequence);
        await CloseStoreAsync();
        Assert.Equal(intact, File.ReadAllBytes(FilePath));
    }

    [Fact]
    public async Task Open_TornLastLine_NextAppendStartsOnAFreshLine()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await CloseStoreAsync();
        File.AppendAllText(FilePath, "{\"op\":\"comp", Encoding.UTF8);
        await ReopenAsync();
        await Store.RecordAsync(Tx(Alice, 1, "0x02"));

        await ReopenAsync();

        Assert.Equal(2, (await Store.LoadAsync(Alice)).Outstanding.Count);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"op\":\"record\",\"account\":\"eip155:1:0xab\"}")]
    [InlineData("{\"op\":\"explode\",\"account\":\"eip155:1:0xab\",\"sequence\":1}")]
    [InlineData("{\"op\":\"complete\",\"account\":\"not an account\",\"sequence\":1}")]
    [InlineData("")]
    public async Task Open_DamagedMiddleLine_ThrowsEnergySettlementException(string damaged)
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await CloseStoreAsync();
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
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await Store.CompleteAsync(Alice, 0);
        await CloseStoreAsync();
        var lines = File.ReadAllLines(FilePath);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"op\":\"record\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"op\":\"complete\"", lines[1], StringComparison.Ordinal);
    }
}
