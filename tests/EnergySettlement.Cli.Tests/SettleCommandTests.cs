using System.Globalization;
using System.Security.Cryptography;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Meters;

namespace EnergySettlement.Cli.Tests;

/// <summary><c>settle</c>, <c>status</c> and <c>recover</c> in-process on the example files of docs/examples/settle (so the
/// documented examples stay valid), on broken copies of them, and on signed readings.</summary>
public sealed class SettleCommandTests : IDisposable
{
    private readonly SettleWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData("trades.csv", "readings.csv")]
    [InlineData("trades.json", "readings.json")]
    [InlineData("trades.csv", "readings.json")]
    public async Task Settle_DocumentedExamples_PaysEveryBatchExactlyOnceAndExitsZero(string trades, string readings)
    {
        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs(trades, readings));

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains("read    3 trade(s), 6 meter reading(s) (6 accepted)", output, StringComparison.Ordinal);
        Assert.Contains("settled 2 batch(es) final on sim:local", output, StringComparison.Ordinal);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }

    [Fact]
    public async Task Settle_CsvAndJsonOfTheSameData_PlanTheSameBatches()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync(_workspace.SettleArgs("trades.csv", "readings.csv"))).Exit);
        var fromCsv = (await _workspace.BatchesAsync()).Select(b => (b.Id, b.Batch.Total)).ToList();

        // Same data in JSON against the same journal: the same window with the same obligations, so it resumes and pays nothing.
        var (exit, output, _) = await CliRunner.RunAsync(_workspace.SettleArgs("trades.json", "readings.json"));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("with the same inputs", output, StringComparison.Ordinal);
        Assert.Equal(fromCsv, (await _workspace.BatchesAsync()).Select(b => (b.Id, b.Batch.Total)).ToList());
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }

    [Fact]
    public async Task Settle_SameWindowWithOtherTrades_IsRefusedWithExitThreeAndPaysNothingMore()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync(_workspace.SettleArgs())).Exit);
        _workspace.Edit("trades.csv", "alice,bob,1500,0.120", "alice,bob,1500,0.125");

        var (exit, _, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains("already holds window street/2026-06-21T11:00:00Z/2xPT15M", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was paid.", error, StringComparison.Ordinal);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }

    [Theory]
    [InlineData("trades.csv", "alice,bob,1500,0.120", "alice,dave,1500,0.120", 3, "'buyer' 'dave' is not a participant")]
    [InlineData("trades.csv", "alice,bob,1500,0.120", "alice,bob,-5,0.120", 3, "'energy_wh' must be at least 1")]
    [InlineData("trades.csv", "alice,bob,1500,0.120", "alice,bob,1500,0.12x", 3, "'price_per_kwh' must be a price in EURC")]
    [InlineData("trades.csv", "alice,bob,1500,0.120", "alice,bob,1500,1.500", 3, "outside market 'street''s range")]
    [InlineData("trades.csv", "2026-06-21T11:15:00Z,alice,bob", "2026-06-21T11:17:00Z,alice,bob", 5, "must start a 15-minute delivery period")]
    [InlineData("trades.csv", "2026-06-21T11:15:00Z,alice,bob", "2026-06-21T11:15:00,alice,bob", 5, "ISO 8601 time with an offset")]
    [InlineData("trades.csv", "alice,carol,800,0.110,103,104,2026-06-21T10:44:52Z,0.005", "alice,carol,800,0.110,103,104,2026-06-21T10:44:52Z", 4, "Expected 9 fields")]
    [InlineData("trades.csv", "period_start,", "period_begin,", 2, "Unknown column 'period_begin'")]
    [InlineData("trades.csv", "103,104,2026-06-21T10:44:52Z", "101,102,2026-06-21T10:41:07Z", 4, "is already on line 3")]
    [InlineData("readings.csv", "meter-bob,2026-06-21T11:15:00Z,1300", "meter-bob,2026-06-21T11:15:00Z,-1300", 7, "'import_wh' must be at least 0")]
    [InlineData("readings.csv", "meter-carol,2026-06-21T11:15:00Z", "meter-dave,2026-06-21T11:15:00Z", 8, "Reading rejected (UnknownMeter)")]
    [InlineData("readings.csv", "meter-carol,2026-06-21T11:15:00Z,250", "meter-carol,2026-06-21T11:00:00Z,250", 8, "Reading rejected (Duplicate)")]
    [InlineData("readings.csv", "meter-alice,2026-06-21T11:15:00Z,0,1100", "meter-alice,2026-06-21T11:15:00Z,0,9100", 6, "Reading rejected (ExceedsCapacity)")]
    [InlineData("readings.csv", "meter-alice,2026-06-21T11:15:00Z,0,1100,5000,13400", "meter-alice,2026-06-21T11:15:00Z,0,1100,5000,12000", 6, "Reading rejected (RegisterWentBackwards)")]
    [InlineData("trades.json", "\"energyWh\": 1200", "\"energyWh\": 1200, \"colour\": \"red\"", 4, "Unknown property 'colour'")]
    [InlineData("trades.json", "\"energyWh\": 1200,", "\"energyWh\": 1200", 4, "Malformed JSON")]
    [InlineData("readings.json", "\"importWh\": 800,", "", 4, "Property 'importWh' is missing")]
    public async Task Settle_BadRecord_ExitsThreeNamingFileLineAndReasonAndWritesNothing(string file, string find, string replace, int line, string reason)
    {
        _workspace.Edit(file, find, replace);
        var args = file.EndsWith(".json", StringComparison.Ordinal)
            ? _workspace.SettleArgs(file.StartsWith("trades", StringComparison.Ordinal) ? file : "trades.json", file.StartsWith("readings", StringComparison.Ordinal) ? file : "readings.json")
            : _workspace.SettleArgs();

        var (exit, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{_workspace.File(file)}:{line}: "), error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was paid." + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.DoesNotContain("paid ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal), "a bad record must not create the journal");
        Assert.False(File.Exists(_workspace.ChainState), "a bad record must not touch the chain");
    }

    [Theory]
    [InlineData("\"netting\": \"bilateral\"", "\"netting\": \"sideways\"", "$.settlement.netting: 'sideways' is not one of bilateral, cleared")]
    [InlineData("{ \"id\": \"meter-carol\", \"participant\": \"carol\"", "{ \"id\": \"meter-carol\", \"participant\": \"dave\"", "$.meters[2].participant: 'dave' is not one of the participants")]
    [InlineData("\"asset\": \"EURC\" } ] },\n    { \"id\": \"bob\"", "\"asset\": \"USDC\" } ] },\n    { \"id\": \"bob\"", "$.participants[0].accounts[0].asset: 'USDC' is not an asset of the chain")]
    [InlineData("\"kind\": \"simulated\"", "\"kind\": \"bitcoin\"", "$.chain.kind: 'bitcoin' is not a chain this command settles on")]
    [InlineData("\"requireSignedReadings\": false", "\"requireSignedReadings\": true", "$.meters[0].publicKey: is missing")]
    [InlineData("\"tickSize\": \"0.001\",", "\"tickSize\": \"0.001\", \"colour\": 1,", "Malformed config")]
    public async Task Settle_BadConfig_ExitsThreeNamingTheConfigAndWhere(string find, string replace, string reason)
    {
        _workspace.Edit("config.json", find, replace);

        var (exit, _, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains(_workspace.Config, error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
    }

    [Fact]
    public async Task Settle_MissingFile_ExitsThree()
    {
        var args = _workspace.SettleArgs("no-such-trades.csv");

        var (exit, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains("no-such-trades.csv: The file does not exist.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_UnderfundedPayer_FailsTheRehearsalWithExitOneAndRecordsNoBatch()
    {
        _workspace.Edit("config.json", "{ \"account\": \"sim:local:bob\", \"asset\": \"EURC\", \"amount\": \"100\" }", "{ \"account\": \"sim:local:bob\", \"asset\": \"EURC\", \"amount\": \"0.1\" }");

        var (exit, _, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.Equal(ExitCodes.SettlementFailed, exit);
        Assert.Contains("sim:local:bob must pay 0.435000 EURC (payouts and fees) but holds 0.100000 EURC", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written or paid", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
        Assert.False(File.Exists(_workspace.ChainState));
    }

    [Fact]
    public async Task Settle_ChainUnreachable_ExitsFourWithNothingWrittenAndSettlesOnceItIsBack()
    {
        var config = Input.SettlementConfigFile.Read(_workspace.Config);
        var chain = Testing.SimulatedChain.OpenFile(config.Simulated!.StateFile, config.Simulated.Options);
        foreach (var (account, amount) in config.Simulated.Funding)
        {
            chain.Fund(account, amount);
        }

        chain.Faults.Unreachable(calls: 1000);

        var (exit, _, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.Equal(ExitCodes.ChainUnavailable, exit);
        Assert.Contains("chain sim:local unavailable", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));

        Testing.SimulatedChain.OpenFile(config.Simulated.StateFile).Faults.Clear();
        var retry = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(retry.Exit == ExitCodes.Ok, retry.Output + retry.Error);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }

    [Fact]
    public async Task Settle_MissingOption_IsAUsageError()
    {
        var (exit, output, error) = await CliRunner.RunAsync("settle", "--trades", _workspace.File("trades.csv"), "--config", _workspace.Config);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--readings", error, StringComparison.Ordinal);
        Assert.Contains("--journal", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Status_AfterSettle_ListsEveryBatchFinalWithItsTransaction()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync(_workspace.SettleArgs())).Exit);

        var (exit, output, _) = await CliRunner.RunAsync("status", "--journal", _workspace.Journal);

        Assert.Equal(ExitCodes.Ok, exit);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("batch\tstate\tpayer\tpayouts\tamount\ttransaction\tblock", lines[0]);
        Assert.Equal(2, lines.Count(l => l.Contains("\tFinal\t", StringComparison.Ordinal)));

        // One whole line per batch, never wrapped to a console width: batch, state, payer, payouts, amount, transaction, block.
        Assert.All(lines.Where(l => l.Contains("\tFinal\t", StringComparison.Ordinal)), l => Assert.Equal(7, l.Split('\t').Length));
        Assert.Contains("sim:local:bob\t2\t0.435000 EURC\t", output, StringComparison.Ordinal);
        Assert.Contains("2 batch(es): 2 Final", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AfterSettle_ShowsEachParticipantsOwedSumsAndFinalBatchesFromTheService()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync(_workspace.SettleArgs())).Exit);

        var (exit, output, _) = await CliRunner.RunAsync("status", "--journal", _workspace.Journal);

        Assert.Equal(ExitCodes.Ok, exit);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();
        var header = lines.IndexOf("participant\towes\tis owed\tbatches\tfinal");
        Assert.True(header > 0, output);
        Assert.Equal(
            ["alice\t0\t0.411000 EURC\t2\t2", "bob\t0.435000 EURC\t0\t1\t1", "carol\t0.183000 EURC\t0\t1\t1", "grid\t0\t0.207000 EURC\t2\t2"],
            lines.Skip(header + 1).Take(4));
    }

    [Fact]
    public async Task StatusAndRecover_WithoutAJournal_ExitThreeAndCreateNothing()
    {
        var status = await CliRunner.RunAsync("status", "--journal", _workspace.Journal);
        var recover = await CliRunner.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);

        Assert.Equal(ExitCodes.InputError, status.Exit);
        Assert.Equal(ExitCodes.InputError, recover.Exit);
        Assert.Contains("The journal does not exist", status.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
    }

    [Fact]
    public async Task Recover_WhenEverythingIsFinal_PaysNothingAndExitsZero()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync(_workspace.SettleArgs())).Exit);

        var (exit, output, _) = await CliRunner.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("nothing to recover", output, StringComparison.Ordinal);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }

    [Fact]
    public async Task Settle_CancelledBeforeFinality_ExitsCancelledAndRecoverFinishesEachBatchOnce()
    {
        _workspace.Edit("config.json", "\"blockIntervalMs\": 0", "\"blockIntervalMs\": 60000");
        using var cancellation = new CancellationTokenSource();
        var run = CliRunner.RunAsync(cancellation.Token, _workspace.SettleArgs());

        // The first pass prepares and sends both batches, then the tool waits a minute for the first block: cancel there.
        await WaitForAsync(async () => (await _workspace.BatchesAsync()).Count == 2 && (await _workspace.BatchesAsync()).All(b => b.State == Settlement.BatchState.Submitted));
        await cancellation.CancelAsync();
        var (exit, _, error) = await run;
        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("recover", error, StringComparison.Ordinal);

        _workspace.Edit("config.json", "\"blockIntervalMs\": 60000", "\"blockIntervalMs\": 0");
        var recover = await CliRunner.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);

        Assert.True(recover.Exit == ExitCodes.Ok, recover.Output + recover.Error);
        Assert.Contains("recover 2 unfinished batch(es): 2 Submitted", recover.Output, StringComparison.Ordinal);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }

    [Fact]
    public async Task Settle_SignedReadings_AreVerifiedAndATamperedOneIsRejectedWithItsLine()
    {
        // Give every meter a P-256 key, require signatures, and sign each reading of the example file.
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        try
        {
            foreach (var meter in new[] { "meter-alice", "meter-bob", "meter-carol" })
            {
                keys[meter] = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var q = keys[meter].ExportParameters(includePrivateParameters: false).Q;
                var publicKey = Convert.ToHexString([0x04, .. q.X!, .. q.Y!]);
                _workspace.Edit("config.json", $"{{ \"id\": \"{meter}\", \"participant\"", $"{{ \"id\": \"{meter}\", \"publicKey\": \"{publicKey}\", \"participant\"");
            }

            _workspace.Edit("config.json", "\"requireSignedReadings\": false", "\"requireSignedReadings\": true");
            var lines = File.ReadAllLines(_workspace.File("readings.csv")).ToList();
            var header = lines.FindIndex(l => l.StartsWith("meter,", StringComparison.Ordinal));
            lines[header] += ",signature";
            for (var i = header + 1; i < lines.Count; i++)
            {
                var f = lines[i].Split(',');
                var reading = new MeterReading
                {
                    Meter = new MeterId(f[0]),
                    IntervalStart = DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture),
                    IntervalLength = TimeSpan.FromMinutes(15),
                    Imported = new Energy(long.Parse(f[2], CultureInfo.InvariantCulture)),
                    Exported = new Energy(long.Parse(f[3], CultureInfo.InvariantCulture)),
                    ImportRegisterWattHours = long.Parse(f[4], CultureInfo.InvariantCulture),
                    ExportRegisterWattHours = long.Parse(f[5], CultureInfo.InvariantCulture),
                };
                var signature = keys[f[0]].SignData(MeterReadingEncoding.Encode(reading), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                lines[i] += "," + Convert.ToHexString(signature);
            }

            File.WriteAllLines(_workspace.File("readings.csv"), lines);
            var signedLines = File.ReadAllText(_workspace.File("readings.csv"));

            // Tampered: carol's second reading claims 50 Wh more than she signed.
            _workspace.Edit("readings.csv", "meter-carol,2026-06-21T11:15:00Z,250,", "meter-carol,2026-06-21T11:15:00Z,300,");
            var tampered = await CliRunner.RunAsync(_workspace.SettleArgs());
            Assert.Equal(ExitCodes.InputError, tampered.Exit);
            Assert.Contains($"{_workspace.File("readings.csv")}:8: Reading rejected (BadSignature)", tampered.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(_workspace.Journal));

            File.WriteAllText(_workspace.File("readings.csv"), signedLines);
            var signed = await CliRunner.RunAsync(_workspace.SettleArgs());
            Assert.True(signed.Exit == ExitCodes.Ok, signed.Output + signed.Error);
            await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the run to reach the expected step");
            await Task.Delay(50);
        }
    }
}
