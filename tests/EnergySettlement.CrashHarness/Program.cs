using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.CrashHarness;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;

// The crash harness's child process. The crash tests start it as `dotnet EnergySettlement.CrashHarness.dll <mode> <dir> <seed>`
// and kill it with SIGKILL after a random number of output lines:
//   init  — creates the simulated chain's file in <dir> and funds the participants; exits 0.
//   run   — recovers, drains and verifies everything recorded so far ("verified …"), then settles new windows one after
//           another until killed, printing a line after every step.
//   drain — recovers, drains, verifies, exits 0: the last step of a test.
// Every check failure prints "FAIL <reason>" and exits 3; the tests print the seed.
// With ES_ANVIL_RPC set (see AnvilHarnessChain) the child settles on that Anvil node through the Ethereum provider, with
// nonces and signed bytes in the same SQLite journal; the driver deploys and funds, so there is no `init`.
if (args is not [var mode, var dir, var seedText] || !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
{
    Console.Error.WriteLine("usage: init|run|drain <dir> <seed>");
    return 2;
}

var chainPath = Path.Combine(dir, "chain.json");
var journalPath = Path.Combine(dir, "journal.db");
var output = Console.Out;
var anvil = Environment.GetEnvironmentVariable("ES_ANVIL_RPC") is { Length: > 0 };
if (mode == "init" && !anvil)
{
    SimulatedHarnessChain.Create(chainPath, SettlementWorkload.AllParties);
    output.WriteLine("ready");
    return 0;
}

await using var sqlite = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = journalPath });
ISettlementJournal journal = sqlite;
using IHarnessChain chain = anvil ? new AnvilHarnessChain(SettlementWorkload.AllParties, sqlite) : SimulatedHarnessChain.Open(chainPath);
var workload = new SettlementWorkload(chain, seed);
var registry = new ChainProviderRegistry([chain.Provider]);
// No reorgs here (the fault tests cover them): stop watching at finality, so a pass costs what the open batches cost.
var options = new SettlementOptions { RetryBaseDelay = TimeSpan.Zero, MaxRetryAttempts = 1, ReorgWatch = TimeSpan.Zero };
using var service = new SettlementService(journal, registry, options);
var chains = SettlementPlanRequest.FromRegistry(registry);
var run = new HarnessRun(workload, journal, service, output);
try
{
    output.WriteLine("recovering");
    var recovery = await service.RecoverAsync();
    output.WriteLine(FormattableString.Invariant($"recovered {recovery.Batches} open"));
    var windows = await run.DrainAsync();
    await run.VerifyAsync(windows);
    if (mode == "drain")
    {
        return 0;
    }

    for (var window = windows; ; window++)
    {
        var carried = await journal.GetOpenCarriedAmountsAsync(workload.Market.Id);
        var plan = await service.SettleWindowAsync(workload.Request(window, carried, chains));
        output.WriteLine(FormattableString.Invariant($"settled window {window}: {plan.Plan.Obligations.Count} obligations, {plan.Plan.Batches.Count} batches"));
        await run.AdvanceAsync(maxRounds: 3);
    }
}
catch (HarnessCheckException failure)
{
    output.WriteLine("FAIL " + failure.Message);
    return 3;
}
