using System.Diagnostics;
using System.Globalization;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Tests.Anvil;
using EnergySettlement.Testing.Tests.Crashes;
using Xunit.Abstractions;

namespace EnergySettlement.Ethereum.Tests.Crashes;

/// <summary>
/// The crash harness (tests/EnergySettlement.CrashHarness) against a real Anvil node: the child settles window after
/// window through the <see cref="EthereumSettlementProvider"/> (BatchSettlementV2, an ERC-20 "EURC", one payer account
/// per party) with a SQLite journal that also holds the nonces and signed bytes, and is killed with SIGKILL after a
/// random number of steps, <see cref="Kills"/> times. One Anvil process serves the whole run and is always stopped. Each
/// restart recovers, finishes every recorded batch and checks, reading the chain back: every planned batch is settled by
/// exactly one BatchSettled event and the contract logged no other; every party's token balance moved by exactly its
/// obligations; no nonce is pending, outstanding in the journal or reserved above the chain's count. The seed is printed
/// and is in every failure message (ES_CRASH_SEED repeats a run).
/// </summary>
public sealed class AnvilSettlementCrashTests(ITestOutputHelper output)
{
    private const int Kills = 25;
    private const int Parties = 7; // p0…p5 and the grid operator, as the harness's workload has them.
    private static readonly UInt256 InitialTokens = 1_000_000_000_000UL; // the harness's SettlementWorkload.InitialTokens
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task KilledAtRandomPointsAgainstAnvil_EveryRestartRecoversAndEveryObligationIsPaidExactlyOnce()
    {
        var seed = Environment.GetEnvironmentVariable("ES_CRASH_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set ES_CRASH_SEED={seed} to repeat)");
        var random = new Random(seed);
        var directory = Directory.CreateTempSubdirectory("es-anvil-crash-");
        var clock = Stopwatch.StartNew();
        await using var node = await AnvilNode.StartAsync();
        try
        {
            var environment = await DeployAndFundAsync(node, random);
            var setUp = clock.Elapsed;
            var seedText = seed.ToString(CultureInfo.InvariantCulture);
            int verifiedRestarts = 0, lines = 0;
            for (var kill = 1; kill <= Kills; kill++)
            {
                var linesBeforeKill = random.Next(1, 24);
                var run = await CrashChild.RunAsync(["run", directory.FullName, seedText], linesBeforeKill, ChildTimeout, environment);
                lines += run.Lines.Count;
                if (run.Lines.FirstOrDefault(l => l.StartsWith("FAIL", StringComparison.Ordinal)) is { } failure)
                {
                    Assert.Fail($"seed {seed}, kill {kill}: {failure}");
                }

                Assert.True(run.Killed, $"seed {seed}, kill {kill}: the harness exited (code {run.ExitCode}) before it was killed");
                if (run.Lines.Any(l => l.StartsWith("verified", StringComparison.Ordinal)))
                {
                    verifiedRestarts++;
                }
            }

            var final = await CrashChild.RunAsync(["drain", directory.FullName, seedText], int.MaxValue, ChildTimeout, environment);
            if (final.Lines.FirstOrDefault(l => l.StartsWith("FAIL", StringComparison.Ordinal)) is { } last)
            {
                Assert.Fail($"seed {seed}, drain: {last}");
            }

            Assert.Equal(0, final.ExitCode);
            var verified = final.Lines.LastOrDefault(l => l.StartsWith("verified", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException($"seed {seed}, drain: no 'verified' line in: {string.Join(" | ", final.Lines)}");
            var elapsed = clock.Elapsed;
            output.WriteLine($"{Kills} kills ({verifiedRestarts} after a verified recovery), {lines} steps seen, then: {verified}");
            output.WriteLine($"{elapsed.TotalSeconds:F1} s in all ({setUp.TotalSeconds:F1} s Anvil, deployment and funding), {(elapsed - setUp).TotalMilliseconds / (Kills + 1):F0} ms per child run");
            Assert.True(verifiedRestarts >= Kills / 2, $"seed {seed}: only {verifiedRestarts} of {Kills} restarts got as far as verifying");
            Assert.Matches(@"^verified [1-9]\d* windows", verified);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Deploys BatchSettlementV2 and the test token (the fixture's helpers), gives each party a fresh key with
    /// ether and tokens, approves the contract from each, and returns the child's environment.</summary>
    private static async Task<Dictionary<string, string>> DeployAndFundAsync(AnvilNode node, Random random)
    {
        var contract = await TestChain.DeployAsync(node, BatchSettlementV2Contract.Bytecode);
        var token = await TestChain.DeployTestContractAsync(node, "TestToken");
        var keys = new List<string>();
        for (var i = 0; i < Parties; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            bytes[0] = 0x01; // far below the curve order, never zero
            using var key = Secp256k1PrivateKey.FromBytes(bytes);
            var address = EthereumAddress.FromPublicKey(key.PublicKey);
            await node.SetBalanceAsync(address.ToString(), 100 * TestChain.Ether);
            await TestChain.CallAsync(node, 3, token, AbiEncoder.Call(AbiEncoder.Selector("mint(address,uint256)"), AbiValue.Address(address), AbiValue.Word(InitialTokens)));
            await TestChain.TransactAsync(node, key, token, AbiEncoder.Call(AbiEncoder.Selector("approve(address,uint256)"), AbiValue.Address(contract), AbiValue.Word(ulong.MaxValue)), UInt256.Zero, 200_000);
            keys.Add(Hex.Encode(bytes, withPrefix: true));
        }

        return new Dictionary<string, string>
        {
            ["ES_ANVIL_RPC"] = node.RpcUrl.ToString(),
            ["ES_ANVIL_CONTRACT"] = contract.ToString(),
            ["ES_ANVIL_TOKEN"] = token.ToString(),
            ["ES_ANVIL_KEYS"] = string.Join(',', keys),
        };
    }
}
