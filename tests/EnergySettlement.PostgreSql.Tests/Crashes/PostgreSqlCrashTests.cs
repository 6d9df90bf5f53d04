using System.Globalization;
using EnergySettlement.Storage.Contracts.Crashes;
using Xunit.Abstractions;

namespace EnergySettlement.PostgreSql.Tests.Crashes;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCrashTests(PostgreSqlClusterFixture cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TemporarySchema _schema = new(cluster);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DeleteAsync();

    [Fact]
    public async Task KillTheClient_DuringConcurrentWrites_EveryAcknowledgedWriteSurvivesAndNoneIsHalfWritten()
    {
        var seed = Seed();
        var random = new Random(seed);
        var acknowledgements = new List<string>();
        for (var generation = 1; generation <= 8; generation++)
        {
            var killAfter = random.Next(10, 400);
            var lines = await CrashHarness.RunUntilKilledAsync(
                typeof(TemporarySchema).Assembly.Location,
                ["crash-child", cluster.ConnectionString, _schema.Name, generation.ToString(CultureInfo.InvariantCulture)],
                killAfter,
                TimeSpan.FromMinutes(3));
            acknowledgements.AddRange(lines);
            await VerifyAsync(acknowledgements, seed, $"client kill {generation} after {lines.Count} acknowledgements");
        }
    }

    [Fact]
    public async Task KillTheServer_DuringConcurrentWrites_EveryAcknowledgedWriteSurvivesRecovery()
    {
        var seed = Seed();
        var random = new Random(seed);
        var acknowledgements = new List<string>();
        for (var generation = 1; generation <= 4; generation++)
        {
            var lines = new AcknowledgementLines();
            var journal = await _schema.OpenAsync();
            var writing = CrashWorkload.RunAsync(journal, generation, lines, TimeSpan.FromMinutes(2));
            await lines.WaitForAsync(random.Next(20, 400), TimeSpan.FromMinutes(2));

            // pg_ctl stop -m immediate: the server dies without a checkpoint and recovers from its WAL on start.
            await cluster.Cluster.CrashAndRestartAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => writing);
            journal.Dispose();
            acknowledgements.AddRange(lines.Snapshot());
            await VerifyAsync(acknowledgements, seed, $"server kill {generation} after {lines.Count} acknowledgements");
        }
    }

    private int Seed()
    {
        var seed = Environment.GetEnvironmentVariable("ES_CRASH_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set ES_CRASH_SEED to repeat)");
        return seed;
    }

    private async Task VerifyAsync(List<string> acknowledgements, int seed, string what)
    {
        await using var journal = await _schema.OpenAsync();
        try
        {
            var records = await CrashWorkload.VerifyAsync(journal, acknowledgements);
            output.WriteLine($"{what}: {records} records, all whole");
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}, {what}: {failure.Message}");
        }
    }

    /// <summary>Collects the in-process workload's acknowledgement lines and lets the test wait for a number of them.</summary>
    private sealed class AcknowledgementLines : TextWriter
    {
        private readonly List<string> _lines = [];
        private readonly object _gate = new();
        private readonly SemaphoreSlim _added = new(0);

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _lines.Count;
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                _lines.Add(value ?? string.Empty);
            }

            _added.Release();
        }

        public string[] Snapshot()
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }

        public async Task WaitForAsync(int count, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            for (var i = 0; i < count; i++)
            {
                await _added.WaitAsync(deadline.Token);
            }
        }

        protected override void Dispose(bool disposing)
        {
            _added.Dispose();
            base.Dispose(disposing);
        }
    }
}
