using System.Text.RegularExpressions;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.Ledger;
using EnergySettlement.Dash.Tests.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Tests.Docs;

/// <summary>docs/dash.md's configuration sample, compiled and run here; the test checks the doc shows it verbatim.</summary>
public sealed partial class DashDocsSample
{
    [Fact]
    public async Task Configuration_TwoHomesOnTestnet_SettleAPayment()
    {
        var ledger = new InMemoryUtxoLedger(DashNetworks.Testnet);
        using var home1 = TestKeys.Signer(21);
        using var home2 = TestKeys.Signer(22);
        string home1Wif = home1.ToWif(DashNetworks.Testnet);
        string home2Wif = home2.ToWif(DashNetworks.Testnet);
        ledger.Fund(home1.GetAddress(DashNetworks.Testnet), 10_000_000);
        await using var node = LedgerBackedServers.DashCore(ledger);
        await using var insightServer = LedgerBackedServers.Insight(ledger);
        Uri dashCoreUrl = node.Url;
        Uri insightUrl = new(insightServer.BaseUrl, "insight-api/");
        string rpcUser = LedgerBackedServers.RpcUser;
        string rpcPassword = LedgerBackedServers.RpcPassword;
        ICoinReservationStore reservationStore = new InMemoryCoinReservationStore();

        // docs:begin configuration
        var services = new ServiceCollection();
        services.AddSingleton(reservationStore);                       // the SQLite or PostgreSQL store in production
        services.AddEnergySettlement(es => es.AddDash("dash", o =>
        {
            o.Network = DashNetwork.Testnet;
            o.UseDashCore(dashCoreUrl, rpcUser, rpcPassword)           // your dashd (-txindex=1 -addressindex=1): read first
             .UseInsight(insightUrl);                                  // a second backend: reads fail over, broadcasts go to both
            o.Signers.Add(WifKeySigner.FromWif(home1Wif, DashNetworks.Testnet)); // or an ISigner over your HSM or KMS
            o.Signers.Add(WifKeySigner.FromWif(home2Wif, DashNetworks.Testnet)); // two homes, one provider
            o.Confirmations = 6;                                       // when neither an InstantSend lock nor a ChainLock comes
        }));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();   // what the host runs at start: bad options stop it here
        var registry = provider.GetRequiredService<ChainProviderRegistry>();
        // docs:end configuration

        var payer = SettlementAccount.Create(DashNetworks.Testnet.ChainId, home1.GetAddress(DashNetworks.Testnet).ToString());
        var payee = SettlementAccount.Create(DashNetworks.Testnet.ChainId, home2.GetAddress(DashNetworks.Testnet).ToString());
        var dash = DashNetworks.Testnet.NativeAsset;

        // docs:begin settle
        var batch = new SettlementBatch(new SettlementBatchId("2026-06-21T11:00-home1"), payer, dash,
            [new Payout(payee, Money.Parse("0.0125", dash))]);
        var chain = registry.GetProviderFor(payer);
        var prepared = await chain.PrepareAsync(batch);    // coins reserved, transaction signed: journal it
        await chain.SubmitAsync(prepared);                 // a retry answers AlreadyKnown
        var status = await chain.GetStatusAsync(prepared); // Final on an InstantSend lock, a ChainLock or 6 confirmations
        // docs:end settle

        Assert.Equal(SettlementState.Pending, status.State);
        ledger.InstantLock(prepared.TransactionId);
        Assert.True((await chain.GetStatusAsync(prepared)).IsFinal);
        Assert.Equal(1_250_000, ledger.BalanceOf(home2.GetAddress(DashNetworks.Testnet)));
    }

    [Theory]
    [InlineData("configuration")]
    [InlineData("settle")]
    public void Doc_ShowsTheSampleVerbatim(string region)
    {
        string source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "EnergySettlement.Dash.Tests", "Docs", "DashDocsSample.cs")).ReplaceLineEndings("\n");
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "dash.md")).ReplaceLineEndings("\n");
        var match = Regex.Match(source, $"// docs:begin {region}\n(?<code>.*?)\n *// docs:end {region}", RegexOptions.Singleline);
        string code = string.Join('\n', match.Groups["code"].Value.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        Assert.True(match.Success, $"The region '{region}' is missing from DashDocsSample.cs.");
        Assert.Contains("```csharp\n" + code + "\n```", doc, StringComparison.Ordinal);
    }
}
