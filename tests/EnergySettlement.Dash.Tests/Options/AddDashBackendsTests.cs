using System.Diagnostics.Metrics;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.Backends.DashCore;
using EnergySettlement.Dash.Tests.Backends.Http;
using EnergySettlement.Dash.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Tests.Options;

/// <summary>Choosing node backends through <c>AddDash</c>: each against an in-process server over one ledger, several at
/// once, and the start-up errors of a host that chose none or chose badly.</summary>
public sealed class AddDashBackendsTests
{
    private static readonly UtxoNetwork Regtest = DashNetworks.Regtest;

    [Theory]
    [InlineData("dash-core")]
    [InlineData("insight")]
    [InlineData("blockcypher")]
    public async Task AddDash_OneBackend_SettlesABatchThroughDependencyInjection(string backend)
    {
        using var home1 = TestKeys.Signer(31);
        using var home2 = TestKeys.Signer(32);
        var ledger = new InMemoryUtxoLedger(Regtest);
        ledger.Fund(home1.GetAddress(Regtest), 10_000_000);
        await using var dashCore = LedgerBackedServers.DashCore(ledger);
        await using var insight = LedgerBackedServers.Insight(ledger);
        await using var blockCypher = LedgerBackedServers.BlockCypher(ledger);
        using var services = Build(o =>
        {
            o.Network = DashNetwork.Regtest;
            o.Signers.Add(home1);
            o.Confirmations = 1;
            _ = backend switch
            {
                "dash-core" => o.UseDashCore(dashCore.Url, LedgerBackedServers.RpcUser, LedgerBackedServers.RpcPassword),
                "insight" => o.UseInsight(new Uri(insight.BaseUrl, "insight-api/")),
                _ => o.UseBlockCypher("c0ffee", b => b.BaseUrl = new Uri(blockCypher.BaseUrl, "v1/dash/main")),
            };
        });
        services.GetRequiredService<IStartupValidator>().Validate();
        var payer = Account(home1);

        var chain = services.GetRequiredService<ChainProviderRegistry>().GetProviderFor(payer);
        var prepared = await chain.PrepareAsync(Batch("di-" + backend, payer, Account(home2), 1_250_000));
        await chain.SubmitAsync(prepared);
        await chain.SubmitAsync(prepared);
        var pending = await chain.GetStatusAsync(prepared);
        ledger.Mine();
        var final = await chain.GetStatusAsync(prepared);

        Assert.IsType<DashSettlementProvider>(chain);
        Assert.Equal(SettlementState.Pending, pending.State);
        Assert.Equal(SettlementState.Final, final.State);
        Assert.Equal(1_250_000, ledger.BalanceOf(home2.GetAddress(Regtest)));
        var used = backend switch { "dash-core" => dashCore.Server, "insight" => insight, _ => blockCypher };
        Assert.All(new[] { dashCore.Server, insight, blockCypher }.Where(s => s != used), s => Assert.Equal(0, s.RequestCount));
    }

    [Fact]
    public async Task AddDash_SeveralBackends_ReadFromAHealthyOneBroadcastToAllAndLogEachWithoutSecrets()
    {
        using var home1 = TestKeys.Signer(33);
        using var home2 = TestKeys.Signer(34);
        var ledger = new InMemoryUtxoLedger(Regtest);
        ledger.Fund(home1.GetAddress(Regtest), 10_000_000);
        await using var deadNode = LoopbackHttpServer.Script(LoopbackResponse.Empty(503));
        await using var insight = LedgerBackedServers.Insight(ledger);
        await using var blockCypher = LedgerBackedServers.BlockCypher(ledger);
        var logs = new CapturingLoggerFactory();
        using var services = Build(
            o =>
            {
                o.Network = DashNetwork.Regtest;
                o.Signers.Add(home1);
                o.UseDashCore(deadNode.BaseUrl, "settle", "n0de-Pa55", d => d.MaxRetryAttempts = 0)
                 .UseInsight(new Uri(insight.BaseUrl, "insight-api/"))
                 .UseBlockCypher("t0ken5ecret", b => b.BaseUrl = new Uri(blockCypher.BaseUrl, "v1/dash/main"));
            },
            s => s.AddSingleton<ILoggerFactory>(logs));
        services.GetRequiredService<IStartupValidator>().Validate();
        var payer = Account(home1);
        var chain = services.GetRequiredService<ChainProviderRegistry>().GetProviderFor(payer);

        var prepared = await chain.PrepareAsync(Batch("di-redundant", payer, Account(home2), 2_000_000));
        await chain.SubmitAsync(prepared);
        await blockCypher.WaitForRequestsAsync(1);
        await deadNode.WaitForRequestsAsync(2);
        ledger.InstantLock(prepared.TransactionId);
        var status = await chain.GetStatusAsync(prepared);

        Assert.Equal(SettlementState.Final, status.State);
        Assert.Equal(2_000_000, ledger.BalanceOf(home2.GetAddress(Regtest)));
        Assert.Equal("POST", Assert.Single(blockCypher.Requests).Method);
        Assert.Contains(insight.Requests, r => r.Method == "POST" && r.Path == "/insight-api/tx/send");
        Assert.Contains(deadNode.Requests, r => r.Method == "POST" && r.BodyText.Contains("sendrawtransaction", StringComparison.Ordinal));
        var created = logs.Entries.Where(e => e.Id.Id == 5040).Select(e => e.Message).ToArray();
        Assert.Equal(3, created.Length);
        Assert.All(created, m => Assert.Contains("(client timeout 15 s)", m, StringComparison.Ordinal)); // RequestTimeout 10 s + 5 s
        Assert.Contains(created, m => m.Contains("EnergySettlement.Dash.dash.dash-core", StringComparison.Ordinal));
        Assert.Contains(created, m => m.Contains("EnergySettlement.Dash.dash.insight", StringComparison.Ordinal));
        Assert.Contains(created, m => m.Contains("EnergySettlement.Dash.dash.blockcypher", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Id.Id == 5041 && e.Message.Contains("redundant(dash-core,insight,blockcypher)", StringComparison.Ordinal));
        Assert.DoesNotContain("n0de-Pa55", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken5ecret", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("settle:n0de-Pa55"u8), logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDash_BackendClients_AreTheNamedClientsTheHostConfigures()
    {
        using var home = TestKeys.Signer(35);
        var ledger = new InMemoryUtxoLedger(Regtest);
        ledger.Fund(home.GetAddress(Regtest), 4_000_000);
        await using var deadInsight = LoopbackHttpServer.Script(LoopbackResponse.Empty(503));
        await using var blockCypher = LedgerBackedServers.BlockCypher(ledger);
        var insightHandler = new CountingHandler();
        var blockCypherHandler = new CountingHandler();
        using var services = Build(
            o =>
            {
                o.Network = DashNetwork.Regtest;
                o.Signers.Add(home);
                o.UseInsight(new Uri(deadInsight.BaseUrl, "insight-api/"), i => i.MaxRetryAttempts = 0)
                 .UseBlockCypher("c0ffee", b => b.BaseUrl = new Uri(blockCypher.BaseUrl, "v1/dash/main"));
            },
            s =>
            {
                s.AddHttpClient("EnergySettlement.Dash.dash.insight").AddHttpMessageHandler(() => insightHandler);
                s.AddHttpClient("EnergySettlement.Dash.dash.blockcypher").AddHttpMessageHandler(() => blockCypherHandler);
            });
        var chain = services.GetRequiredService<ChainProviderRegistry>().GetProvider(Regtest.ChainId);

        var balance = await chain.GetBalanceAsync(Account(home), Regtest.NativeAsset);

        Assert.Equal(4_000_000, balance.Amount);
        Assert.True(insightHandler.Count >= 1, "The Insight backend's named client carries the host's handler.");
        Assert.True(blockCypherHandler.Count >= 1, "The BlockCypher backend's named client carries the host's handler.");
    }

    [Fact]
    public async Task AddDash_BackendOperations_AreCountedPerBackendAndOutcome()
    {
        using var home = TestKeys.Signer(36);
        var ledger = new InMemoryUtxoLedger(Regtest);
        ledger.Fund(home.GetAddress(Regtest), 3_000_000);
        await using var deadNode = LoopbackHttpServer.Script(LoopbackResponse.Empty(503));
        await using var insight = LedgerBackedServers.Insight(ledger);
        using var services = Build(o =>
        {
            o.Network = DashNetwork.Regtest;
            o.Signers.Add(home);
            o.UseDashCore(deadNode.BaseUrl, "settle", "pw", d => d.MaxRetryAttempts = 0).UseInsight(new Uri(insight.BaseUrl, "insight-api/"));
        });
        var chain = services.GetRequiredService<ChainProviderRegistry>().GetProvider(Regtest.ChainId);
        var recorded = new List<(string Backend, string Outcome, string Operation, string Chain)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "EnergySettlement.Dash" && instrument.Name == "energy_settlement.dash.backend.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                values[tag.Key] = tag.Value?.ToString();
            }

            lock (recorded)
            {
                recorded.Add((values["backend"]!, values["outcome"]!, values["operation"]!, values["chain.id"]!));
            }
        });
        listener.Start();

        await chain.GetBalanceAsync(Account(home), Regtest.NativeAsset);

        lock (recorded)
        {
            Assert.Contains(recorded, r => r.Backend == "dash-core" && r.Outcome == "unavailable" && r.Chain == Regtest.ChainId.ToString());
            Assert.Contains(recorded, r => r.Backend == "insight" && r.Outcome == "ok" && r.Operation == "GET addr/{address}/utxo");
        }
    }

    [Fact]
    public void AddDash_NoBackendAndNoStore_FailsAtStartUpNamingEveryWayToAddThem()
    {
        using var home = TestKeys.Signer(37);
        using var services = new ServiceCollection()
            .AddEnergySettlement(es => es.AddDash("home", o => o.Signers.Add(home))).Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("Dash provider 'home': no backend.", StringComparison.Ordinal)
            && f.Contains("o.UseDashCore(url, user, password)", StringComparison.Ordinal)
            && f.Contains("o.UseInsight(baseUrl)", StringComparison.Ordinal)
            && f.Contains("o.UseBlockCypher(token)", StringComparison.Ordinal)
            && f.Contains("keyed service named 'home'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Dash provider 'home': no coin reservation store.", StringComparison.Ordinal));
    }

    [Fact]
    public void AddDash_InvalidBackends_FailAtStartUpListingEveryProblem()
    {
        using var home = TestKeys.Signer(38);
        using var services = Build(o =>
        {
            o.Network = DashNetwork.Testnet;
            o.Signers.Add(home);
            o.UseInsight(new Uri("/insight-api/", UriKind.Relative))
             .UseDashCore(new Uri("http://127.0.0.1:19998/"), "us:er", "pw", d => d.RequestTimeout = TimeSpan.Zero)
             .UseBlockCypher(token: null)
             .UseInsight(new Uri("https://insight.dash.org/insight-api/"), i => i.ChainId = DashNetworks.Mainnet.ChainId);
            o.Redundancy.UnhealthyDuration = TimeSpan.FromSeconds(-1);
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.All(error.Failures, f => Assert.StartsWith("Dash provider 'dash': ", f, StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Backends[0] (Insight): BaseUrl must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Backends[1] (Dash Core): UserName must not contain ':'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Backends[1] (Dash Core): RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Backends[2] (BlockCypher): BlockCypher serves Dash mainnet only", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Backends[3] (Insight): ChainId is " + DashNetworks.Mainnet.ChainId, StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Redundancy: UnhealthyDuration", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("ChainId must be", StringComparison.Ordinal));
    }

    [Fact]
    public void AddDash_BackendAndChosenBackends_FailAtStartUp()
    {
        using var home = TestKeys.Signer(39);
        using var services = Build(o =>
        {
            o.Network = DashNetwork.Regtest;
            o.Signers.Add(home);
            o.Backend = new InMemoryUtxoLedger(Regtest);
            o.UseInsight(new Uri("http://127.0.0.1:3001/insight-api/"));
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Set either Backend or Backends", StringComparison.Ordinal));
    }

    [Fact]
    public void UseMethods_NullArguments_Throw()
    {
        var options = new DashOptions();

        Assert.Throws<ArgumentNullException>(() => options.UseDashCore(null!, "u", "p"));
        Assert.Throws<ArgumentNullException>(() => options.UseDashCore(new Uri("http://127.0.0.1:9998/"), null!, "p"));
        Assert.Throws<ArgumentNullException>(() => options.UseDashCoreCookie(new Uri("http://127.0.0.1:9998/"), null!));
        Assert.Throws<ArgumentNullException>(() => options.UseInsight(null!));
        Assert.Empty(options.Backends);
    }

    private static ServiceProvider Build(Action<DashOptions> configure, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection().AddSingleton<ICoinReservationStore, InMemoryCoinReservationStore>();
        services?.Invoke(collection);
        collection.AddEnergySettlement(es => es.AddDash("dash", configure));
        return collection.BuildServiceProvider();
    }

    private static SettlementAccount Account(WifKeySigner signer) => SettlementAccount.Create(Regtest.ChainId, signer.GetAddress(Regtest).ToString());

    private static SettlementBatch Batch(string id, SettlementAccount payer, SettlementAccount payee, long duffs) =>
        new(new SettlementBatchId(id), payer, Regtest.NativeAsset, [new Payout(payee, new Money(duffs, Regtest.NativeAsset))]);

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
