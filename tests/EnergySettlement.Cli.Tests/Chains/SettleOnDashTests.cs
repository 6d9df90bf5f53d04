using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.Ledger;
using EnergySettlement.Dash.Tests.Options;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary>
/// <c>settle</c> and <c>status</c> with the config's chain of kind <c>dash</c>, against the Dash tests' in-process Dash Core
/// server over an <see cref="InMemoryUtxoLedger"/> that checks every broadcast as a node does (the same fakes as
/// <c>DemoOnDashTests</c>): the example files settled in tDASH on regtest, every payout read back from the ledger. The keys
/// and Dash Core's credentials are process environment variables here, so the tests run in the Dash collection, one at a time.
/// </summary>
[Collection(DashEnvironmentCollection.Name)]
public sealed partial class SettleOnDashTests : IDisposable
{
    private const long Coin = 100_000_000;
    private static readonly UtxoNetwork Regtest = DashNetworks.Regtest;
    private static readonly string[] Names = ["alice", "bob", "carol", "grid"];
    private static readonly string[] Variables =
        [DashChainRegistration.KeyVariablePrefix + "GRID", DashChainRegistration.DashCoreUserVariable, DashChainRegistration.DashCorePasswordVariable];

    private readonly SettleWorkspace _workspace = new();

    public SettleOnDashTests()
    {
        Environment.SetEnvironmentVariable(Variables[0], WifOf("grid"));
        Environment.SetEnvironmentVariable(Variables[1], LedgerBackedServers.RpcUser);
        Environment.SetEnvironmentVariable(Variables[2], LedgerBackedServers.RpcPassword);
    }

    public void Dispose()
    {
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        _workspace.Dispose();
    }

    [Fact]
    public async Task Settle_OnDashCore_EveryBatchIsOneLedgerTransactionAndBalancesMoveByTheLegsAndFees()
    {
        var ledger = new InMemoryUtxoLedger(Regtest);
        foreach (var name in Names)
        {
            for (var i = 0; i < 3; i++)
            {
                ledger.Fund(UtxoAddress.Parse(Address(name), Regtest), 2 * Coin);
            }
        }

        await using var node = LedgerBackedServers.DashCore(ledger);
        WriteDashConfig(node.Url);

        var (exit, output, error) = await DashMining.RunWhileMiningAsync(ledger, _workspace.SettleArgs());

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains($"settled 2 batch(es) final on {Regtest.ChainId}", output, StringComparison.Ordinal);
        Assert.DoesNotContain(WifOf("grid"), output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(LedgerBackedServers.RpcPassword, output + error, StringComparison.Ordinal);
        var fees = await AssertSettledOnLedgerAsync(ledger);

        // Again with the same files and journal: resumed, nothing paid twice.
        var again = await DashMining.RunWhileMiningAsync(ledger, _workspace.SettleArgs());
        Assert.True(again.Exit == ExitCodes.Ok, again.Output + again.Error);
        Assert.Contains("with the same inputs", again.Output, StringComparison.Ordinal);
        Assert.Equal(fees, await AssertSettledOnLedgerAsync(ledger));

        var status = await CliRunner.RunAsync("status", "--journal", _workspace.Journal);
        Assert.Equal(ExitCodes.Ok, status.Exit);
        Assert.Contains("2 batch(es): 2 Final", status.Output, StringComparison.Ordinal);
        Assert.Contains($"\tFinal\t{Regtest.ChainId}:{Address("bob")}\t2\t0.43500000 tDASH\t", status.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"network\": \"regtest\"", "\"network\": \"moon\"", "$.chain.network: 'moon' is not one of mainnet, testnet, regtest.")]
    [InlineData("\"backends\": [", "\"backends\": [ \"electrum=http://127.0.0.1:1/\",", "$.chain.backends[0]: 'electrum=http://127.0.0.1:1/' is not KIND=URL")]
    [InlineData("\"keyFile\": \"keys.txt\"", "\"keyFile\": \"keys.txt\", \"rpcUrl\": \"http://127.0.0.1:1/\"", "$.chain.rpcUrl: does not apply to chain kind 'dash'.")]
    public async Task Settle_BadDashChainSection_ExitsThreeNamingWhereAndWritesNothing(string find, string replace, string reason)
    {
        WriteDashConfig(new Uri("http://127.0.0.1:9/"));
        _workspace.Edit("config.json", find, replace);

        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
    }

    [Fact]
    public async Task Settle_DashBackendUnreachable_ExitsFourAndWritesNothing()
    {
        WriteDashConfig(new Uri("http://127.0.0.1:9/"));

        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(exit == ExitCodes.ChainUnavailable, output + error);
        Assert.Contains("The Dash backend (dashcore at http://127.0.0.1:9) cannot be reached", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
    }

    /// <summary>Every batch final and paid by one ledger transaction paying its legs; each party's balance moved by exactly its
    /// legs, and a payer's by its fees too. Returns the fees.</summary>
    private async Task<Dictionary<string, long>> AssertSettledOnLedgerAsync(InMemoryUtxoLedger ledger)
    {
        var batches = await _workspace.BatchesAsync();
        Assert.Equal(2, batches.Count);
        var byAddress = Names.ToDictionary(Address, n => n);
        var fees = Names.ToDictionary(n => n, _ => 0L);
        foreach (var batch in batches)
        {
            Assert.Equal(BatchState.Final, batch.State);
            var paying = Assert.Single(batch.Transactions, t => t.PaysBatch && t.ChainState == SettlementState.Final);
            var transaction = ledger.Transaction(paying.Transaction.TransactionId);
            foreach (var payout in batch.Batch.Payouts)
            {
                Assert.Contains(transaction.Outputs, o => o.Value == (long)payout.Amount.Amount && o.ScriptPubKey.Span.SequenceEqual(UtxoAddress.Parse(payout.Payee.Address, Regtest).GetScriptPubKey()));
            }

            fees[byAddress[batch.Batch.Payer.Address]] += (long)paying.Transaction.MaxFee.Amount;
        }

        // The example's legs (see SettleCommandTests): bob pays alice 0.323 and grid 0.112, carol pays alice 0.088 and grid 0.095.
        var expected = new Dictionary<string, long> { ["alice"] = 41_100_000, ["bob"] = -43_500_000, ["carol"] = -18_300_000, ["grid"] = 20_700_000 };
        foreach (var name in Names)
        {
            Assert.Equal((6 * Coin) + expected[name] - fees[name], ledger.BalanceOf(UtxoAddress.Parse(Address(name), Regtest)));
        }

        Assert.True(fees["bob"] > 0 && fees["carol"] > 0);
        return fees;
    }

    /// <summary>Turns the workspace's example config into one settled in tDASH on regtest: each participant's account is the
    /// address of its key, the chain section names the Dash Core server, the traders' WIF keys go to keys.txt.</summary>
    private void WriteDashConfig(Uri node)
    {
        var text = File.ReadAllText(_workspace.Config);
        foreach (var (name, account) in new[] { ("alice", "alice"), ("bob", "bob"), ("carol", "carol"), ("grid", "grid-operator") })
        {
            var find = $"\"account\": \"sim:local:{account}\"";
            Assert.Contains(find, text, StringComparison.Ordinal);
            text = text.Replace(find, $"\"account\": \"{Regtest.ChainId}:{Address(name)}\"", StringComparison.Ordinal);
        }

        text = ChainSection().Replace(text.Replace("EURC", "tDASH", StringComparison.Ordinal), $$"""
            "chain": {
                "kind": "dash",
                "network": "regtest",
                "backends": [ "dashcore={{node}}" ],
                "keyFile": "keys.txt",
                "confirmations": 1,
                "blockIntervalMs": 100
              }
            }
            """);
        File.WriteAllText(_workspace.Config, text);
        File.WriteAllLines(_workspace.File("keys.txt"), ["# test keys, in-process regtest ledger only", .. Names.Where(n => n != "grid").Select(n => $"{n}={WifOf(n)}")]);
    }

    [GeneratedRegex("\"chain\": \\{.*\\z", RegexOptions.Singleline)]
    private static partial Regex ChainSection();

    private static Secp256k1PrivateKey Key(string name) =>
        Secp256k1PrivateKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("SettleOnDashTests " + name)));

    private static string WifOf(string name)
    {
        using var key = Key(name);
        return Wif.Encode(key, compressed: true, Regtest);
    }

    private static string Address(string name)
    {
        using var signer = new WifKeySigner(Key(name));
        return signer.GetAddress(Regtest).ToString();
    }
}
