using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary><c>energy-settle demo --chain ethereum</c> against an existing node: an Anvil node this test starts, sets up and reads back.</summary>
[Collection(AnvilCollection.Name)]
public sealed class DemoOnEthereumNodeTests
{
    private static readonly string[] Names = ["home-01", "home-02", "home-03", "grid-operator"];

    [Fact]
    public async Task Demo_ChainEthereumWithKeyFileAndVariable_SettlesAndEveryBalanceOnTheNodeMatchesTheReport()
    {
        using var folder = new TempFolder();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var node = await AnvilProcess.StartAsync(AnvilProcess.FindBinary(Environment.CurrentDirectory), TimeSpan.FromSeconds(30), CancellationToken.None);
        var rpc = new DemoJsonRpc(http, node.RpcUrl);
        using var deployer = Key("deployer", out _);
        await rpc.CallAsync("anvil_setBalance", CancellationToken.None, Address(deployer).ToString(), "0x3635c9adc5dea00000");
        var contract = await DeployAsync(rpc, deployer, BatchSettlementDeployment.GetCreationBytecode(BatchSettlementVersion.V2));
        var token = await DeployAsync(rpc, deployer, DemoEuroContract.Bytecode);
        var lines = new List<string> { "# demo keys (test only)" };
        var addresses = new Dictionary<string, EthereumAddress>();
        foreach (var name in Names)
        {
            using var key = Key(name, out var hex);
            addresses[name] = Address(key);
            await rpc.CallAsync("anvil_setBalance", CancellationToken.None, addresses[name].ToString(), "0x8ac7230489e80000");
            await rpc.TransactAsync(deployer, AnvilProcess.ChainId, token, DemoEuroContract.EncodeMint(addresses[name].ToArray(), 500_000_000), 200_000, TimeSpan.FromSeconds(20), CancellationToken.None);
            if (name != "grid-operator")
            {
                lines.Add($"{name}={hex}");
            }
        }

        var keyFile = folder.File("keys.txt");
        await File.WriteAllLinesAsync(keyFile, lines);
        Key("grid-operator", out var gridHex).Dispose();
        var json = folder.File("report.json");
        Environment.SetEnvironmentVariable("ENERGY_SETTLE_KEY_GRID_OPERATOR", gridHex);
        (int Exit, string Output, string Error) run;
        try
        {
            run = await CliRunner.RunAsync(
                "demo", "--chain", "ethereum", "--rpc", node.RpcUrl.ToString(), "--contract", contract.ToString(), "--token", token.ToString(),
                "--key-file", keyFile, "--confirmations", "1", "--homes", "3", "--periods", "4", "--json", json);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ENERGY_SETTLE_KEY_GRID_OPERATOR", null);
        }

        Assert.True(run.Exit == ExitCodes.Ok, run.Output + run.Error);
        Assert.DoesNotContain(gridHex, run.Output + run.Error, StringComparison.OrdinalIgnoreCase);

        // Read every home's EURC balance from the node ourselves: 500 EURC moved by exactly the report's change.
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.True(report.RootElement.GetProperty("settlement").GetProperty("ok").GetBoolean());
        var homes = report.RootElement.GetProperty("homes").EnumerateArray().ToList();
        Assert.Equal(3, homes.Count);
        foreach (var home in homes)
        {
            var id = home.GetProperty("id").GetString()!;
            var change = home.GetProperty("balanceChange");
            var expected = 500m + (change.ValueKind == JsonValueKind.String ? decimal.Parse(change.GetString()!, CultureInfo.InvariantCulture) : change.GetDecimal());
            Assert.Equal(expected, (decimal)await TokenBalanceAsync(rpc, token, addresses[id]) / 1_000_000m);
        }
    }

    [Theory]
    [InlineData("--chain ethereum --contract 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--chain ethereum needs --rpc")]
    [InlineData("--chain ethereum --rpc ftp://node.example/ --contract 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--rpc needs an absolute http or https URL")]
    [InlineData("--chain ethereum --rpc http://127.0.0.1:1/ --contract 0x1234", "--contract needs an Ethereum address")]
    [InlineData("--rpc http://127.0.0.1:1/", "--rpc applies to --chain ethereum only")]
    [InlineData("--chain anvil --key-file keys.txt", "--key-file applies to --chain ethereum and --chain dash only")]
    public async Task Demo_ChainOptionsMisused_IsAUsageError(string arguments, string message)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["demo", .. arguments.Split(' ')]);

        Assert.True(exit == ExitCodes.UsageError, output + error);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ChainEthereumWithoutKeys_IsAnInputErrorNamingTheVariables()
    {
        await using var node = await AnvilProcess.StartAsync(AnvilProcess.FindBinary(Environment.CurrentDirectory), TimeSpan.FromSeconds(30), CancellationToken.None);

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "ethereum", "--rpc", node.RpcUrl.ToString(), "--contract", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.InputError, output + error);
        Assert.Contains("ENERGY_SETTLE_KEY_HOME_01", error, StringComparison.Ordinal);
        Assert.Contains("ENERGY_SETTLE_KEY_GRID_OPERATOR", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ChainEthereumNodeUnreachable_ExitsChainUnavailable()
    {
        // A loopback port nobody listens on.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "ethereum", "--rpc", $"http://127.0.0.1:{port}/", "--contract", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--homes", "3", "--periods", "1");

        Assert.True(exit == ExitCodes.ChainUnavailable, output + error);
        Assert.Contains($"The Ethereum node at http://127.0.0.1:{port} cannot be reached", error, StringComparison.Ordinal);
    }

    private static Secp256k1PrivateKey Key(string name, out string hex)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("DemoOnEthereumNodeTests " + name));
        hex = Convert.ToHexStringLower(bytes);
        return Secp256k1PrivateKey.FromBytes(bytes);
    }

    private static EthereumAddress Address(Secp256k1PrivateKey key) => EthereumAddress.FromPublicKey(key.PublicKey);

    private static async Task<EthereumAddress> DeployAsync(DemoJsonRpc rpc, Secp256k1PrivateKey deployer, byte[] bytecode)
    {
        var receipt = await rpc.TransactAsync(deployer, AnvilProcess.ChainId, null, bytecode, 5_000_000, TimeSpan.FromSeconds(20), CancellationToken.None);
        return EthereumAddress.Parse(receipt.GetProperty("contractAddress").GetString()!);
    }

    private static async Task<BigInteger> TokenBalanceAsync(DemoJsonRpc rpc, EthereumAddress token, EthereumAddress owner)
    {
        var data = new byte[36];
        Keccak256.Hash("balanceOf(address)"u8).AsSpan(0, 4).CopyTo(data);
        owner.ToArray().CopyTo(data, 16);
        var call = new JsonObject { ["to"] = token.ToString(), ["data"] = DemoJsonRpc.ToHex(data) };
        var result = (await rpc.CallAsync("eth_call", CancellationToken.None, call, "latest")).GetString()!;
        return BigInteger.Parse("0" + result[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}
