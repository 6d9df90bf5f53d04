using System.Diagnostics;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Ethereum.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary><c>--chain anvil</c> on a real Anvil node (installed by <c>npm ci</c>; a missing binary fails, never skips).</summary>
[Collection(AnvilCollection.Name)]
public sealed class AnvilDemoChainTests
{
    private static readonly string[] Names = ["home01", "home02", "home03", "grid"];

    [Fact]
    public async Task OpenAsync_ThreeHomesAndTheGrid_EachPaysItsOwnBatchOnceOnAnvil_AndDisposeStopsTheNode()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var chain = new AnvilDemoChain();
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => chain.Register(es, Names));
        await using var sp = services.BuildServiceProvider();
        int pid;
        await using (chain)
        {
            var accounts = await chain.OpenAsync(sp, ct);
            pid = chain.Node!.ProcessId!.Value;
            var eurc = chain.QuoteAsset;
            Assert.Equal(("EURC", 6), (eurc.Symbol, eurc.Decimals));
            Assert.Equal(Names.Order(StringComparer.Ordinal), accounts.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(Names.Length, accounts.Values.Distinct().Count());
            foreach (var account in accounts.Values)
            {
                Assert.Equal(new Money(500_000_000, eurc), await chain.GetBalanceAsync(account, ct));
            }

            // Every home pays its own batch from its own key, all at once, through the SDK's registry.
            var registry = sp.GetRequiredService<ChainProviderRegistry>();
            var batches = new[]
            {
                Batch("h1", accounts["home01"], eurc, (accounts["home02"], 1_250_000), (accounts["grid"], 30_000)),
                Batch("h2", accounts["home02"], eurc, (accounts["home03"], 2_500_000)),
                Batch("h3", accounts["home03"], eurc, (accounts["home01"], 750_000), (accounts["grid"], 20_000)),
            };
            var sent = await Task.WhenAll(batches.Select(async b =>
            {
                var provider = registry.GetProviderFor(b.Payer);
                var prepared = await provider.PrepareAsync(b, ct);
                await provider.SubmitAsync(prepared, ct);
                return (Provider: provider, Prepared: prepared);
            }));
            Assert.Single(sent.Select(s => s.Provider).Distinct());
            for (var round = 0; ; round++)
            {
                var states = await Task.WhenAll(sent.Select(s => s.Provider.GetStatusAsync(s.Prepared, ct)));
                if (states.All(s => s.IsFinal))
                {
                    break;
                }

                Assert.True(round < 20, "the payments did not become final within 20 blocks");
                Assert.DoesNotContain(states, s => s.State is SettlementState.Failed or SettlementState.Conflicted or SettlementState.Dropped);
                await chain.AdvanceAsync(ct);
            }

            // Read back: each balance moved by exactly what it paid and received, once.
            var expected = new Dictionary<string, long>
            {
                ["home01"] = 500_000_000 - 1_250_000 - 30_000 + 750_000,
                ["home02"] = 500_000_000 + 1_250_000 - 2_500_000,
                ["home03"] = 500_000_000 + 2_500_000 - 750_000 - 20_000,
                ["grid"] = 500_000_000 + 30_000 + 20_000,
            };
            foreach (var (name, amount) in expected)
            {
                Assert.Equal(new Money(amount, eurc), await chain.GetBalanceAsync(accounts[name], ct));
            }

            // Paying a batch again is refused before anything is signed; nothing moves.
            var again = await Assert.ThrowsAsync<TransactionRejectedException>(() => sent[0].Provider.PrepareAsync(batches[0], ct));
            Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, again.ErrorCode);
            Assert.Equal(new Money(expected["home01"], eurc), await chain.GetBalanceAsync(accounts["home01"], ct));
        }

        Assert.Null(chain.Node);
        Assert.True(HasExited(pid), $"Anvil (pid {pid}) still runs after the chain was disposed");
    }

    [Fact]
    public async Task OpenAsync_AnvilBinaryMissing_ThrowsCliExceptionWithChainUnavailableAndAClearMessage()
    {
        await using var chain = new AnvilDemoChain(Path.Combine(Path.GetTempPath(), "no-such-dir", "anvil"));
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => chain.Register(es, Names));
        await using var sp = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<CliException>(() => chain.OpenAsync(sp, CancellationToken.None));

        Assert.Equal(ExitCodes.ChainUnavailable, ex.ExitCode);
        Assert.StartsWith("Anvil is missing", ex.Message, StringComparison.Ordinal);
        Assert.Null(chain.Node);
    }

    [Fact]
    public async Task AnvilProcess_StartAndDispose_AnswersOnLoopbackThenIsGone()
    {
        var binary = AnvilProcess.FindBinary(Environment.CurrentDirectory);
        Assert.EndsWith(Path.Combine("node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil"), binary, StringComparison.Ordinal);
        int pid;
        Uri url;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await using (var node = await AnvilProcess.StartAsync(binary, TimeSpan.FromSeconds(30), CancellationToken.None))
        {
            pid = node.ProcessId!.Value;
            url = node.RpcUrl;
            Assert.Equal("127.0.0.1", url.Host);
            Assert.Equal(AnvilProcess.ChainId, await new DemoJsonRpc(http, url).QuantityAsync("eth_chainId", CancellationToken.None));
        }

        Assert.True(HasExited(pid));
        await Assert.ThrowsAsync<HttpRequestException>(() => new DemoJsonRpc(http, url).CallAsync("eth_chainId", CancellationToken.None));
    }

    [Fact]
    public async Task AnvilProcess_StartTimeoutElapsed_ThrowsCliExceptionAndStopsTheProcess()
    {
        // A "binary" that never answers JSON-RPC: the bounded wait gives up and the process is stopped.
        var dir = Directory.CreateTempSubdirectory("es-anvil-").FullName;
        var script = Path.Combine(dir, "anvil");
        var pidFile = Path.Combine(dir, "pid");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\necho $$ > '{pidFile}'\nexec sleep 60\n");
        Assert.True(OperatingSystem.IsLinux(), "Anvil's npm binary is for linux-x64");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }


        var ex = await Assert.ThrowsAsync<CliException>(() => AnvilProcess.StartAsync(script, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal(ExitCodes.ChainUnavailable, ex.ExitCode);
        Assert.Contains("did not answer", ex.Message, StringComparison.Ordinal);
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(HasExited(pid), $"the process (pid {pid}) still runs after the failed start");
    }

    private static SettlementBatch Batch(string id, SettlementAccount payer, Asset asset, params (SettlementAccount Payee, long Amount)[] payouts) =>
        new(new SettlementBatchId("anvil-demo-" + id), payer, asset, payouts.Select(p => new Payout(p.Payee, new Money(p.Amount, asset), id)));

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
