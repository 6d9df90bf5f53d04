using System.Globalization;
using EnergySettlement.Storage.Contracts.Crashes;
using Xunit.Abstractions;

namespace EnergySettlement.Sqlite.Tests.Crashes;

public sealed class SqliteCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 16;
    private readonly TemporaryJournalFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return _file.DeleteAsync();
    }

    [Fact]
    public async Task Kill_DuringConcurrentWrites_EveryAcknowledgedWriteSurvivesAndNoneIsHalfWritten()
    {
        var seed = Environment.GetEnvironmentVariable("ES_CRASH_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set ES_CRASH_SEED to repeat)");
        var random = new Random(seed);
        var acknowledgements = new List<string>();
        for (var generation = 1; generation <= Kills; generation++)
        {
            var killAfter = random.Next(10, 600);
            var lines = await CrashHarness.RunUntilKilledAsync(
                typeof(TemporaryJournalFile).Assembly.Location,
                ["crash-child", _file.Path, generation.ToString(CultureInfo.InvariantCulture)],
                killAfter,
                TimeSpan.FromMinutes(3));
            acknowledgements.AddRange(lines);

            await using var journal = await _file.OpenAsync();
            try
            {
                var records = await CrashWorkload.VerifyAsync(journal, acknowledgements);
                output.WriteLine($"kill {generation} after {lines.Count} acknowledgements (asked {killAfter}): {records} records, all whole");
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}, kill {generation}: {failure.Message}");
            }
        }
    }
}
