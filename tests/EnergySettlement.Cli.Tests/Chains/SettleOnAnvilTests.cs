using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary>
/// <c>settle</c>, <c>status</c> and <c>recover</c> with the config's chain of kind <c>ethereum</c>, against a real Anvil node
/// each test starts (the npm-installed binary; a missing Anvil fails the test): the batch contract and a EURC token deployed
/// and funded as the anvil demo does, a block every second, the example files of docs/examples/settle settled for real, and
/// every balance read back from the node.
/// </summary>
[Collection(AnvilCollection.Name)]
public sealed partial class SettleOnAnvilTests : IDisposable
{
    private const string GridVariable = "ENERGY_SETTLE_KEY_GRID";
    private static readonly string[] Traders = ["alice", "bob", "carol"];
    private readonly SettleWorkspace _workspace = new();

    public SettleOnAnvilTests() =>
        // The grid operator's key comes from its environment variable, the traders' from the key file.
        Environment.SetEnvironmentVariable(GridVariable, KeyHex("grid"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(GridVariable, null);
        _workspace.Dispose();
    }

    [Fact]
    public async Task Settle_OnAnvil_PaysEveryBatchOnceAndEveryTokenBalanceOnTheNodeMovesByExactlyItsLegs()
    {
        await using var node = await Node.StartAsync(_workspace, tokens: 100_000_000);

        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains("settled 2 batch(es) final on eip155:31337", output, StringComparison.Ordinal);
        Assert.Contains("approve eip155:31337:", output, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyHex("grid"), output + error, StringComparison.OrdinalIgnoreCase);
        await node.AssertSettledExactlyOnceAsync(_workspace);

        // Again with the same files and journal: resumed, nothing paid twice.
        var again = await CliRunner.RunAsync(_workspace.SettleArgs());
        Assert.True(again.Exit == ExitCodes.Ok, again.Output + again.Error);
        Assert.Contains("with the same inputs", again.Output, StringComparison.Ordinal);
        Assert.Contains("final   ", again.Output, StringComparison.Ordinal);
        await node.AssertSettledExactlyOnceAsync(_workspace);

        var status = await CliRunner.RunAsync("status", "--journal", _workspace.Journal);
        Assert.Equal(ExitCodes.Ok, status.Exit);
        Assert.Contains("2 batch(es): 2 Final", status.Output, StringComparison.Ordinal);
        Assert.True(StatusLine().IsMatch(status.Output), status.Output);
    }

    [Fact]
    public async Task Process_KilledMidRunOnAnvil_RecoverInANewProcessPaysTheRestExactlyOnce()
    {
        await using var node = await Node.StartAsync(_workspace, tokens: 100_000_000);

        var run = ToolProcess.Start(_workspace.SettleArgs());
        try
        {
            await run.WaitForOutputAsync("sent    2 batch(es)", TimeSpan.FromSeconds(120));
            using var process = System.Diagnostics.Process.GetProcessById(run.Id);
            process.Kill(); // SIGKILL: no chance to finish anything
            await process.WaitForExitAsync();
        }
        finally
        {
            run.Dispose();
        }

        var unfinished = (await _workspace.BatchesAsync()).Where(b => b.State != BatchState.Final).ToList();
        Assert.NotEmpty(unfinished);

        var recover = await ToolProcess.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);

        Assert.True(recover.Exit == ExitCodes.Ok, recover.Output + recover.Error);
        Assert.Contains($"recover {unfinished.Count} unfinished batch(es)", recover.Output, StringComparison.Ordinal);
        await node.AssertSettledExactlyOnceAsync(_workspace);

        var again = await ToolProcess.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);
        Assert.Equal(ExitCodes.Ok, again.Exit);
        Assert.Contains("nothing to recover", again.Output, StringComparison.Ordinal);
        await node.AssertSettledExactlyOnceAsync(_workspace);
    }

    [Fact]
    public async Task Process_CtrlCMidRunOnAnvil_ExitsCancelledThenRecoverPaysTheRestExactlyOnce()
    {
        await using var node = await Node.StartAsync(_workspace, tokens: 100_000_000);
        _workspace.Edit("config.json", "\"confirmations\": 2", "\"confirmations\": 4");

        using (var run = ToolProcess.Start(_workspace.SettleArgs()))
        {
            await run.WaitForOutputAsync("sent    2 batch(es)", TimeSpan.FromSeconds(120));
            await run.InterruptAsync();
            var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit == ExitCodes.Cancelled, run.Output + run.Error);
            Assert.DoesNotContain("settled", run.Output, StringComparison.Ordinal);
        }

        Assert.Contains(await _workspace.BatchesAsync(), b => b.State != BatchState.Final);
        var recover = await ToolProcess.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);

        Assert.True(recover.Exit == ExitCodes.Ok, recover.Output + recover.Error);
        await node.AssertSettledExactlyOnceAsync(_workspace);
    }

    [Fact]
    public async Task Settle_OnAnvilWithAnUnderfundedPayer_FailsTheRehearsalWithExitOneAndWritesNothing()
    {
        await using var node = await Node.StartAsync(_workspace, tokens: 100_000); // 0.1 EURC each
        var nonceBefore = await node.Rpc.QuantityAsync("eth_getTransactionCount", CancellationToken.None, Address("bob").ToString(), "latest");

        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(exit == ExitCodes.SettlementFailed, output + error);
        Assert.Contains($"eip155:31337:{Address("bob")} must pay 0.435000 EURC (payouts and fees) but holds 0.100000 EURC", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
        Assert.Equal(nonceBefore, await node.Rpc.QuantityAsync("eth_getTransactionCount", CancellationToken.None, Address("bob").ToString(), "latest"));
    }

    [Fact]
    public async Task Settle_OnAnvilWithTheWrongTokenDecimals_IsAnInputErrorAndWritesNothing()
    {
        await using var node = await Node.StartAsync(_workspace, tokens: 100_000_000);
        _workspace.Edit("config.json", "\"decimals\": 6", "\"decimals\": 8");

        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains("$.chain.token says EURC with 8 decimals, but the token at", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
    }

    [Fact]
    public async Task Settle_EthereumChainWithoutKeys_ExitsThreeNamingTheVariablesAndWritesNothing()
    {
        WriteEthereumConfig(_workspace, new Uri("http://127.0.0.1:9/"), EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), EthereumAddress.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"));
        File.WriteAllText(_workspace.File("keys.txt"), "# no keys\n");
        Environment.SetEnvironmentVariable(GridVariable, null);

        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains("ENERGY_SETTLE_KEY_ALICE", error, StringComparison.Ordinal);
        Assert.Contains("ENERGY_SETTLE_KEY_GRID", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
    }

    [Fact]
    public async Task Settle_EthereumKeyOfAnotherAccount_ExitsThreeNamingTheParticipantAndNeverTheKey()
    {
        WriteEthereumConfig(_workspace, new Uri("http://127.0.0.1:9/"), EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), EthereumAddress.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"));
        Environment.SetEnvironmentVariable(GridVariable, KeyHex("bob"));

        var (exit, output, error) = await CliRunner.RunAsync(_workspace.SettleArgs());

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains($"The key of participant 'grid' ({GridVariable}", error, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyHex("bob"), error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(_workspace.Journal));
    }

    private static string KeyHex(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("SettleOnAnvilTests " + name)));

    private static Secp256k1PrivateKey Key(string name) => Secp256k1PrivateKey.FromBytes(Convert.FromHexString(KeyHex(name)));

    private static EthereumAddress Address(string name)
    {
        using var key = Key(name);
        return EthereumAddress.FromPublicKey(key.PublicKey);
    }

    /// <summary>Turns the workspace's example config into one for an Ethereum node: every participant's account is the
    /// address of its key, the chain section names the node, contract and token, and the traders' keys go to keys.txt.</summary>
    private static void WriteEthereumConfig(SettleWorkspace workspace, Uri rpc, EthereumAddress contract, EthereumAddress token)
    {
        var text = File.ReadAllText(workspace.Config);
        foreach (var (name, account) in new[] { ("alice", "alice"), ("bob", "bob"), ("carol", "carol"), ("grid", "grid-operator") })
        {
            var find = $"\"account\": \"sim:local:{account}\", \"asset\": \"EURC\" }} ] }}";
            Assert.Contains(find, text, StringComparison.Ordinal);
            text = text.Replace(find, $"\"account\": \"eip155:31337:{Address(name)}\", \"asset\": \"EURC\" }} ] }}", StringComparison.Ordinal);
        }

        var chain = $$"""
            "chain": {
                "kind": "ethereum",
                "rpcUrl": "{{rpc}}",
                "chainId": "eip155:31337",
                "contract": "{{contract}}",
                "token": { "address": "{{token}}", "symbol": "EURC", "decimals": 6 },
                "confirmations": 2,
                "blockIntervalMs": 1000,
                "keyFile": "keys.txt"
              }
            }
            """;
        text = ChainSection().Replace(text, chain);
        File.WriteAllText(workspace.Config, text);
        File.WriteAllLines(workspace.File("keys.txt"), ["# test keys, local Anvil only", .. Traders.Select(n => $"{n}=0x{KeyHex(n)}")]);
    }

    [GeneratedRegex(@"\tFinal\teip155:31337:0x[0-9a-fA-F]{40}\t2\t0\.435000 EURC\t0x[0-9a-f]{64}\t\d+")]
    private static partial Regex StatusLine();

    [GeneratedRegex("\"chain\": \\{.*\\z", RegexOptions.Singleline)]
    private static partial Regex ChainSection();

    /// <summary>An Anvil node set up as the anvil demo sets up its own: the batch contract and the EURC token deployed,
    /// every party given ether for gas, the traders given EURC; then a block every second, like a real chain.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly AnvilProcess _anvil;
        private readonly HttpClient _http;
        private readonly ulong _tokens;

        private Node(AnvilProcess anvil, HttpClient http, EthereumAddress token, ulong tokens)
        {
            _anvil = anvil;
            _http = http;
            Token = token;
            _tokens = tokens;
            Rpc = new DemoJsonRpc(http, anvil.RpcUrl);
        }

        public DemoJsonRpc Rpc { get; }

        public EthereumAddress Token { get; }

        public static async Task<Node> StartAsync(SettleWorkspace workspace, ulong tokens)
        {
            var anvil = await AnvilProcess.StartAsync(AnvilProcess.FindBinary(Environment.CurrentDirectory), TimeSpan.FromSeconds(30), CancellationToken.None);
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var rpc = new DemoJsonRpc(http, anvil.RpcUrl);
            using var deployer = Key("deployer");
            await rpc.CallAsync("anvil_setBalance", CancellationToken.None, EthereumAddress.FromPublicKey(deployer.PublicKey).ToString(), "0x3635c9adc5dea00000");
            var contract = await DeployAsync(rpc, deployer, BatchSettlementDeployment.GetCreationBytecode(BatchSettlementVersion.V2));
            var token = await DeployAsync(rpc, deployer, DemoEuroContract.Bytecode);
            foreach (var name in new[] { "alice", "bob", "carol", "grid" })
            {
                await rpc.CallAsync("anvil_setBalance", CancellationToken.None, Address(name).ToString(), "0x8ac7230489e80000");
                if (name != "grid")
                {
                    await rpc.TransactAsync(deployer, AnvilProcess.ChainId, token, DemoEuroContract.EncodeMint(Address(name).ToArray(), tokens), 200_000, TimeSpan.FromSeconds(20), CancellationToken.None);
                }
            }

            // From here on a block every second, as a real chain makes them (no block per transaction).
            await rpc.CallAsync("evm_setIntervalMining", CancellationToken.None, 1);
            WriteEthereumConfig(workspace, anvil.RpcUrl, contract, token);
            return new Node(anvil, http, token, tokens);
        }

        /// <summary>Every batch of the journal final, and each party's EURC on the node moved by exactly its payouts: a batch
        /// paid twice, or not at all, would show.</summary>
        public async Task AssertSettledExactlyOnceAsync(SettleWorkspace workspace)
        {
            var batches = await workspace.BatchesAsync();
            Assert.Equal(2, batches.Count);
            Assert.All(batches, b => Assert.Equal(BatchState.Final, b.State));
            var expected = new Dictionary<string, decimal>
            {
                ["alice"] = 0.411m, // paid by bob 0.323 and carol 0.088 (see SettleCommandTests)
                ["bob"] = -0.435m,
                ["carol"] = -0.183m,
                ["grid"] = 0.207m,
            };
            foreach (var (name, change) in expected)
            {
                var start = name == "grid" ? 0m : _tokens / 1_000_000m;
                Assert.Equal(start + change, (decimal)await BalanceAsync(Address(name)) / 1_000_000m);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _anvil.DisposeAsync();
            _http.Dispose();
        }

        private static async Task<EthereumAddress> DeployAsync(DemoJsonRpc rpc, Secp256k1PrivateKey deployer, byte[] bytecode)
        {
            var receipt = await rpc.TransactAsync(deployer, AnvilProcess.ChainId, null, bytecode, 5_000_000, TimeSpan.FromSeconds(20), CancellationToken.None);
            return EthereumAddress.Parse(receipt.GetProperty("contractAddress").GetString()!);
        }

        private async Task<BigInteger> BalanceAsync(EthereumAddress owner)
        {
            var data = new byte[36];
            Keccak256.Hash("balanceOf(address)"u8).AsSpan(0, 4).CopyTo(data);
            owner.ToArray().CopyTo(data, 16);
            var call = new JsonObject { ["to"] = Token.ToString(), ["data"] = DemoJsonRpc.ToHex(data) };
            var result = (await Rpc.CallAsync("eth_call", CancellationToken.None, call, "latest")).GetString()!;
            return BigInteger.Parse("0" + result[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
    }
}
