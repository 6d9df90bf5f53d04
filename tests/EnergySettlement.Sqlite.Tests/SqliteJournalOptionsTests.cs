using Microsoft.Extensions.Options;

namespace EnergySettlement.Sqlite.Tests;

public sealed class SqliteJournalOptionsTests
{
    [Fact]
    public void Validate_Defaults_NeedAPath() =>
        Assert.Contains("Path must name", Assert.Single(new SqliteJournalOptions().Validate()), StringComparison.Ordinal);

    [Fact]
    public void Constructor_EveryOptionWrong_ReportsEveryErrorAtOnce()
    {
        var options = new SqliteJournalOptions { Path = "", MaxWritesPerCommit = 0, WriteQueueCapacity = 0, BusyTimeout = TimeSpan.Zero };
        var error = Assert.Throws<OptionsValidationException>(() => new SqliteJournal(options));
        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("MaxWritesPerCommit", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("WriteQueueCapacity", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("BusyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingDirectory_SaysCreateItFirst()
    {
        var options = new SqliteJournalOptions { Path = Path.Combine(Path.GetTempPath(), "es-no-such-directory-" + Guid.NewGuid().ToString("N"), "journal.db") };
        Assert.Contains("does not exist", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PathIsADirectory_IsRefused() =>
        Assert.Contains("is a directory", Assert.Single(new SqliteJournalOptions { Path = Path.GetTempPath() }.Validate()), StringComparison.Ordinal);

    [Theory]
    [InlineData(":memory:")]
    [InlineData("file:journal.db?mode=memory")]
    public void Validate_NotAPlainFile_IsRefused(string path) =>
        Assert.Contains("not durable", Assert.Single(new SqliteJournalOptions { Path = path }.Validate()), StringComparison.Ordinal);

    [Fact]
    public void Validate_ValidOptions_HaveNoErrors() =>
        Assert.Empty(new SqliteJournalOptions { Path = Path.Combine(Path.GetTempPath(), "journal.db"), MaxWritesPerCommit = 100_000, WriteQueueCapacity = 1 }.Validate());
}
