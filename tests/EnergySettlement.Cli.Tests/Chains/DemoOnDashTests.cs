using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.Backends.DashCore;
using EnergySettlement.Dash.Tests.Backends.Http;
using EnergySettlement.Dash.Tests.Ledger;
using EnergySettlement.Dash.Tests.Options;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;
using Xunit.Abstractions;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary>
/// <c>energy-settle demo --chain dash</c> against the Dash tests' in-process servers on 127.0.0.1 (Dash Core JSON-RPC,
/// Insight, BlockCypher) over an <see cref="InMemoryUtxoLedger"/>, which checks every broadcast as a node does (signatures,
/// values, relay fee, dust). The tests fund the demo's addresses in the ledger, mine and ChainLock blocks while the demo
/// runs, and read the ledger back themselves. They set process environment variables (keys, RPC credentials), so they
/// run one at a time in their own collection.
/// </summary>
[Collection(DashEnvironmentCollection.Name)]
public sealed class DemoOnDashTests(ITestOutputHelper log)
{
    private const long Coin = 100_000_000;
    private static readonly UtxoNetwork Regtest = DashNetworks.Regtest;
    private static readonly string[] Names = ["home-01", "home-02", "home-03", "grid-operator"];

    [Fact]
    public async Task Demo_ChainDashOnDashCore_EveryPayoutIsALedgerTransactionAndBalancesMatchTheLegs()
    {
        using var folder = new TempFolder();
        var ledger = new InMemoryUtxoLedger(Regtest);
        var funded = Fund(ledger, Names);
        await using var node = LedgerBackedServers.DashCore(ledger);
        var keyFile = await WriteKeyFileAsync(folder, Names.Where(n => n != "grid-operator"));
        var journalPath = folder.File("dash.db");
        var json = folder.File("report.json");
        using var environment = new Variables(
            (DashChainRegistration.KeyVariablePrefix + "GRID_OPERATOR", WifOf("grid-operator")),
            (DashChainRegistration.DashCoreUserVariable, LedgerBackedServers.RpcUser),
            (DashChainRegistration.DashCorePasswordVariable, LedgerBackedServers.RpcPassword));

        var (exit, output, error) = await DashMining.RunWhileMiningAsync(
            ledger,
            "demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=" + node.Url, "--key-file", keyFile, "--confirmations", "1",
            "--poll-interval", "0.1", "--homes", "3", "--periods", "56", "--journal", journalPath, "--json", json);

        log.WriteLine(output);
        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains(Regtest.ChainId.ToString(), output, StringComparison.Ordinal);
        Assert.DoesNotContain(WifOf("grid-operator"), output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(LedgerBackedServers.RpcPassword, output + error, StringComparison.Ordinal);
        await AssertSettledOnLedgerAsync(ledger, funded, journalPath, json, periods: 56);

        // Until 14:00 the homes traded with each other too (midday solar), across the feeders with the network fee.
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.True(report.RootElement.GetProperty("energy").GetProperty("peerToPeer").GetInt64() > 0);
        Assert.True(report.RootElement.GetProperty("settlement").GetProperty("obligationsByReason").TryGetProperty("Trade", out _));
    }

    [Fact]
    public async Task Demo_ChainDashOnInsightAndBlockCypher_SettlesThroughBothBackends()
    {
        using var folder = new TempFolder();
        var ledger = new InMemoryUtxoLedger(Regtest);
        var funded = Fund(ledger, Names);
        await using var insight = LedgerBackedServers.Insight(ledger);
        await using var blockCypher = LedgerBackedServers.BlockCypher(ledger);
        var keyFile = await WriteKeyFileAsync(folder, Names);
        var journalPath = folder.File("dash.db");
        var json = folder.File("report.json");

        var (exit, output, error) = await DashMining.RunWhileMiningAsync(
            ledger,
            "demo", "--chain", "dash", "--network", "regtest", "--backend", "insight=" + new Uri(insight.BaseUrl, "insight-api/"),
            "--backend", "blockcypher=" + new Uri(blockCypher.BaseUrl, "v1/dash/main"), "--key-file", keyFile, "--confirmations", "1",
            "--poll-interval", "0.1", "--homes", "3", "--periods", "4", "--journal", journalPath, "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);
        await AssertSettledOnLedgerAsync(ledger, funded, journalPath, json, periods: 4);

        // Broadcasts go to every backend: each server saw every payout.
        Assert.Contains(insight.Requests, r => r.Method == "POST" && r.Path == "/insight-api/tx/send");
        Assert.Contains(blockCypher.Requests, r => r.Method == "POST" && r.Path == "/v1/dash/main/txs/push");
    }

    [Fact]
    public async Task Demo_ChainDashWithRpcCookie_AuthenticatesWithTheCookieFileAndSettles()
    {
        using var folder = new TempFolder();
        var ledger = new InMemoryUtxoLedger(Regtest);
        var funded = Fund(ledger, Names);
        await using var node = LedgerBackedServers.DashCore(ledger);
        var keyFile = await WriteKeyFileAsync(folder, Names);
        var cookie = folder.File(".cookie");
        await File.WriteAllTextAsync(cookie, $"{LedgerBackedServers.RpcUser}:{LedgerBackedServers.RpcPassword}");
        var journalPath = folder.File("dash.db");
        var json = folder.File("report.json");

        var (exit, output, error) = await DashMining.RunWhileMiningAsync(
            ledger,
            "demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=" + node.Url, "--rpc-cookie", cookie, "--key-file", keyFile,
            "--confirmations", "1", "--poll-interval", "0.1", "--homes", "3", "--periods", "4", "--journal", journalPath, "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.All(node.Server.Requests, r => Assert.Equal(FakeDashCoreNode.Basic($"{LedgerBackedServers.RpcUser}:{LedgerBackedServers.RpcPassword}"), r.Headers["Authorization"]));
        await AssertSettledOnLedgerAsync(ledger, funded, journalPath, json, periods: 4);
    }

    [Theory]
    [InlineData("--chain dash --backend dashcore=http://127.0.0.1:1/ --rpc-cookie no-such-folder/.cookie", "--rpc-cookie names a file that does not exist")]
    [InlineData("--chain dash", "--chain dash needs --backend")]
    [InlineData("--chain dash --backend electrum=http://127.0.0.1:1/", "--backend needs KIND or KIND=URL with KIND one of dashcore, insight, blockcypher; found 'electrum=http://127.0.0.1:1/'")]
    [InlineData("--chain dash --backend dashcore", "--backend dashcore needs its URL: dashcore=URL")]
    [InlineData("--chain dash --backend insight=ftp://127.0.0.1/insight-api/", "--backend insight=URL needs an absolute http or https URL")]
    [InlineData("--chain dash --backend dashcore=http://settle:pw@127.0.0.1:1/", "must not carry a user name or password")]
    [InlineData("--chain dash --backend dashcore=http://127.0.0.1:1/ --network moon", "Argument 'moon' not recognized")]
    [InlineData("--chain dash --backend blockcypher", "--backend blockcypher without a URL is BlockCypher's Dash mainnet API; on testnet give blockcypher=URL")]
    [InlineData("--chain dash --backend insight=http://127.0.0.1:1/insight-api/ --rpc-cookie .cookie", "--rpc-cookie applies to a dashcore backend only")]
    [InlineData("--chain dash --backend dashcore=http://127.0.0.1:1/ --poll-interval 0", "--poll-interval must be 0.05 to 600 seconds")]
    [InlineData("--chain dash --backend dashcore=http://127.0.0.1:1/ --contract 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--contract applies to --chain ethereum only")]
    [InlineData("--backend dashcore=http://127.0.0.1:1/", "--backend applies to --chain dash only")]
    [InlineData("--chain ethereum --rpc http://127.0.0.1:1/ --contract 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed --network regtest", "--network applies to --chain dash only")]
    public async Task Demo_DashOptionsMisused_IsAUsageErrorAndNothingRuns(string arguments, string message)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["demo", .. arguments.Split(' ')]);

        Assert.True(exit == ExitCodes.UsageError, output + error);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ChainDashWithoutKeys_IsAnInputErrorNamingTheVariablesAndNothingIsSent()
    {
        var ledger = new InMemoryUtxoLedger(Regtest);
        Fund(ledger, Names);
        await using var node = LedgerBackedServers.DashCore(ledger);
        using var environment = DashCoreCredentials();

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=" + node.Url, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains("No private key for home-01, home-02, home-03, grid-operator", error, StringComparison.Ordinal);
        Assert.Contains("ENERGY_SETTLE_WIF_HOME_01", error, StringComparison.Ordinal);
        Assert.Contains("ENERGY_SETTLE_WIF_GRID_OPERATOR", error, StringComparison.Ordinal);
        Assert.Contains("name=WIF", error, StringComparison.Ordinal);
        Assert.Equal(0, node.Server.RequestCount);
        Assert.Equal(0, ledger.Broadcasts);
    }

    [Fact]
    public async Task Demo_ChainDashWithAMainnetKeyOnRegtest_IsAnInputErrorThatNeverShowsTheKey()
    {
        using var folder = new TempFolder();
        var ledger = new InMemoryUtxoLedger(Regtest);
        Fund(ledger, Names);
        await using var node = LedgerBackedServers.DashCore(ledger);
        using var key = Key("home-02");
        var mainnetWif = EnergySettlement.Dash.Keys.Wif.Encode(key, compressed: true, DashNetworks.Mainnet);
        var keyFile = folder.File("keys.txt");
        await File.WriteAllLinesAsync(keyFile, Names.Select(n => n == "home-02" ? $"{n}={mainnetWif}" : $"{n}={WifOf(n)}"));
        using var environment = DashCoreCredentials();

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=" + node.Url, "--key-file", keyFile, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains($"The key in {keyFile}, key 'home-02' is not a Dash regtest WIF private key", error, StringComparison.Ordinal);
        Assert.DoesNotContain(mainnetWif, output + error, StringComparison.Ordinal);
        Assert.Equal(0, node.Server.RequestCount);
        Assert.Equal(0, ledger.Broadcasts);
    }

    [Fact]
    public async Task Demo_ChainDashWithAMalformedKeyFileLine_IsAnInputErrorWithTheLine()
    {
        using var folder = new TempFolder();
        var keyFile = folder.File("keys.txt");
        await File.WriteAllLinesAsync(keyFile, ["# demo keys", $"home-01={WifOf("home-01")}", "home-02"]);
        using var environment = DashCoreCredentials();

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=http://127.0.0.1:1/", "--key-file", keyFile, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains($"{keyFile}, line 3: expected name=WIF", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ChainDashWithOneKeyForTwoAccounts_IsAnInputError()
    {
        using var folder = new TempFolder();
        var keyFile = folder.File("keys.txt");
        await File.WriteAllLinesAsync(keyFile, Names.Select(n => $"{n}={WifOf(n == "home-02" ? "home-01" : n)}"));
        using var environment = DashCoreCredentials();

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=http://127.0.0.1:1/", "--key-file", keyFile, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains($"home-01 and home-02 have the same key (address {Address("home-01")}); every account needs its own.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ChainDashWithoutDashCoreCredentials_IsAnInputErrorNamingThem()
    {
        using var folder = new TempFolder();
        var keyFile = await WriteKeyFileAsync(folder, Names);

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=http://127.0.0.1:1/", "--key-file", keyFile, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains("set ENERGY_SETTLE_DASHCORE_USER and ENERGY_SETTLE_DASHCORE_PASSWORD, or pass --rpc-cookie FILE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ChainDashBackendUnreachable_ExitsChainUnavailableAndNothingIsPaid()
    {
        using var folder = new TempFolder();
        var keyFile = await WriteKeyFileAsync(folder, Names);
        var port = FreePort();

        var (exit, output, error) = await CliRunner.RunAsync(
            "demo", "--chain", "dash", "--network", "regtest", "--backend", $"insight=http://127.0.0.1:{port}/insight-api/", "--key-file", keyFile, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.ChainUnavailable, output + error);
        Assert.Contains($"The Dash backend (insight at http://127.0.0.1:{port}) cannot be reached", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ChainDashWithWrongRpcPassword_ExitsChainUnavailableWithoutShowingIt()
    {
        using var folder = new TempFolder();
        var ledger = new InMemoryUtxoLedger(Regtest);
        Fund(ledger, Names);
        await using var node = LedgerBackedServers.DashCore(ledger);
        var keyFile = await WriteKeyFileAsync(folder, Names);
        using var environment = new Variables(
            (DashChainRegistration.DashCoreUserVariable, LedgerBackedServers.RpcUser),
            (DashChainRegistration.DashCorePasswordVariable, "not-the-Pa55word"));

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=" + node.Url, "--key-file", keyFile, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.ChainUnavailable, output + error);
        Assert.Contains("The Dash backend (dashcore at http://127.0.0.1:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-Pa55word", output + error, StringComparison.Ordinal);
        Assert.Equal(0, ledger.Broadcasts);
    }

    [Fact]
    public async Task Demo_ChainDashWithAnUnfundedAccount_IsAnInputErrorNamingItAndNothingIsPaid()
    {
        using var folder = new TempFolder();
        var ledger = new InMemoryUtxoLedger(Regtest);
        Fund(ledger, Names.Where(n => n != "home-02"));
        await using var node = LedgerBackedServers.DashCore(ledger);
        var keyFile = await WriteKeyFileAsync(folder, Names);
        using var environment = DashCoreCredentials();

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "dash", "--network", "regtest", "--backend", "dashcore=" + node.Url, "--key-file", keyFile, "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains($"These accounts hold less than 0.00100000 tDASH on dash regtest: home-02 {Address("home-02")} (0.00000000 tDASH)", error, StringComparison.Ordinal);
        Assert.Contains("nothing was paid", error, StringComparison.Ordinal);
        Assert.Equal(0, ledger.Broadcasts);
    }

    /// <summary>Checks the run against the ledger: every batch final, paid by one transaction the ledger accepted that pays
    /// each of its legs; each account's balance on the ledger, plus the miner fees of its own transactions (computed from
    /// the ledger's inputs and outputs), moved by exactly its legs; paid = received; the JSON report agrees.</summary>
    private static async Task AssertSettledOnLedgerAsync(InMemoryUtxoLedger ledger, Dictionary<string, long> funded, string journalPath, string json, int periods)
    {
        await using var sqlite = new SqliteJournal(new SqliteJournalOptions { Path = journalPath });
        ISettlementJournal journal = sqlite;
        var plans = new Dictionary<SettlementWindowId, RecordedPlan>();
        for (var p = 0; p < periods; p++)
        {
            var period = DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero).AddMinutes(15 * p), TimeSpan.FromMinutes(15));
            foreach (var plan in await journal.GetPlansCoveringAsync(new MarketId("sunny-street"), period))
            {
                plans[plan.WindowId] = plan;
            }
        }

        Assert.Equal((periods + 3) / 4, plans.Count);
        var batches = plans.Values.SelectMany(p => p.Plan.Batches).ToList();
        Assert.NotEmpty(batches);
        var expected = Names.ToDictionary(n => n, _ => 0L);
        var fees = Names.ToDictionary(n => n, _ => 0L);
        var byAddress = Names.ToDictionary(Address, n => n);
        foreach (var batch in batches)
        {
            var history = await journal.GetBatchAsync(batch.Id);
            Assert.NotNull(history);
            Assert.Equal(BatchState.Final, history.State);
            var paying = Assert.Single(history.Transactions, t => t.PaysBatch && t.ChainState == SettlementState.Final);
            var transaction = ledger.Transaction(paying.Transaction.TransactionId);
            foreach (var leg in batch.Legs)
            {
                var amount = (long)leg.Amount.Amount;
                Assert.Contains(transaction.Outputs, o => o.Value == amount && o.ScriptPubKey.Span.SequenceEqual(UtxoAddress.Parse(leg.To.Address, Regtest).GetScriptPubKey()));
                expected[byAddress[leg.From.Address]] -= amount;
                expected[byAddress[leg.To.Address]] += amount;
            }

            // The fee the ledger charged: what the inputs held minus what the outputs pay.
            var inputs = transaction.Inputs.Sum(i =>
            {
                var spent = i.ToOutPoint();
                return ledger.Transaction(spent.TransactionId).Outputs[(int)spent.Index].Value;
            });
            var fee = inputs - transaction.Outputs.Sum(o => o.Value);
            Assert.True(fee > 0);
            Assert.Equal(paying.Transaction.MaxFee.Amount, fee);
            fees[byAddress[batch.Batch.Payer.Address]] += fee;
        }

        long paid = 0, received = 0;
        foreach (var name in Names)
        {
            var change = ledger.BalanceOf(UtxoAddress.Parse(Address(name), Regtest)) - funded[name];
            Assert.Equal(expected[name], change + fees[name]);
            paid += Math.Max(0, -(change + fees[name]));
            received += Math.Max(0, change + fees[name]);
        }

        Assert.True(paid > 0);
        Assert.Equal(paid, received);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal("dash", root.GetProperty("chain").GetString());
        Assert.Equal("tDASH", root.GetProperty("asset").GetString());
        var settlement = root.GetProperty("settlement");
        Assert.True(settlement.GetProperty("ok").GetBoolean(), settlement.GetRawText());
        Assert.Equal(batches.Count, settlement.GetProperty("finalBatches").GetInt32());
        Assert.Equal(Duffs(settlement.GetProperty("totalPaid")), paid);
        Assert.Equal(Duffs(settlement.GetProperty("totalReceived")), received);
        foreach (var home in root.GetProperty("homes").EnumerateArray())
        {
            var name = home.GetProperty("id").GetString()!;
            Assert.Equal($"{Regtest.ChainId}:{Address(name)}", home.GetProperty("account").GetString());
            Assert.Equal(expected[name], Duffs(home.GetProperty("balanceChange")));
        }
    }

    private static long Duffs(JsonElement amount) =>
        (long)(decimal.Parse(amount.ValueKind == JsonValueKind.String ? amount.GetString()! : amount.GetRawText(), CultureInfo.InvariantCulture) * Coin);

    /// <summary>Gives each account three confirmed coins of 2 tDASH; returns each account's balance.</summary>
    private static Dictionary<string, long> Fund(InMemoryUtxoLedger ledger, IEnumerable<string> names)
    {
        var funded = Names.ToDictionary(n => n, _ => 0L);
        foreach (var name in names)
        {
            for (var i = 0; i < 3; i++)
            {
                ledger.Fund(UtxoAddress.Parse(Address(name), Regtest), 2 * Coin);
            }

            funded[name] = 6 * Coin;
        }

        return funded;
    }

    private static async Task<string> WriteKeyFileAsync(TempFolder folder, IEnumerable<string> names)
    {
        var path = folder.File("keys.txt");
        await File.WriteAllLinesAsync(path, ["# demo keys for the in-process regtest ledger (test only)", .. names.Select(n => $"{n}={WifOf(n)}")]);
        return path;
    }

    private static Secp256k1PrivateKey Key(string name) =>
        Secp256k1PrivateKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("DemoOnDashTests " + name)));

    private static string WifOf(string name)
    {
        using var key = Key(name);
        return EnergySettlement.Dash.Keys.Wif.Encode(key, compressed: true, Regtest);
    }

    private static string Address(string name)
    {
        using var signer = new WifKeySigner(Key(name));
        return signer.GetAddress(Regtest).ToString();
    }

    private static Variables DashCoreCredentials() => new(
        (DashChainRegistration.DashCoreUserVariable, LedgerBackedServers.RpcUser),
        (DashChainRegistration.DashCorePasswordVariable, LedgerBackedServers.RpcPassword));

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Sets process environment variables for one test and clears them after it.</summary>
    private sealed class Variables : IDisposable
    {
        private readonly string[] _names;

        public Variables(params (string Name, string Value)[] variables)
        {
            _names = [.. variables.Select(v => v.Name)];
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var name in _names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
