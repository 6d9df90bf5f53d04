using System.Text.RegularExpressions;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Dash.Tests.ChainAdapterTutorial;

/// <summary>docs/chain-adapters.md, "A Bitcoin-family chain on the UTXO core": the tutorial adapter works end to end,
/// and the doc shows its files verbatim.</summary>
public sealed partial class LitecoinTutorialTests
{
    private static readonly string[] Files = ["LitecoinNetworks.cs", "LitecoinSettlementProvider.cs", "LitecoinBuilderExtensions.cs"];

    [Fact]
    public async Task Litecoin_ThroughTheRegistry_PaysOnceAndIsFinalAfterSixConfirmations()
    {
        using var signer = TestKeys.Signer(40);
        var ledger = new InMemoryUtxoLedger(LitecoinNetworks.Mainnet);
        var home = signer.GetAddress(LitecoinNetworks.Mainnet);
        var payee = UtxoAddress.FromPublicKey(TestKeys.Key(41).PublicKey.ToCompressed(), LitecoinNetworks.Mainnet);
        ledger.Fund(home, 50_000_000);
        using var services = new ServiceCollection()
            .AddKeyedSingleton<IUtxoBackend>("ltc", ledger)
            .AddSingleton<ICoinReservationStore, InMemoryCoinReservationStore>()
            .AddEnergySettlement(es => es.AddLitecoin("ltc", o => o.Signers.Add(signer))).Services
            .BuildServiceProvider();
        var payer = SettlementAccount.Create(LitecoinNetworks.Mainnet.ChainId, home.ToString());
        var provider = services.GetRequiredService<ChainProviderRegistry>().GetProviderFor(payer);
        var ltc = LitecoinNetworks.Mainnet.NativeAsset;
        var batch = new SettlementBatch(new SettlementBatchId("ltc-1"), payer, ltc, [new Payout(SettlementAccount.Create(provider.ChainId, payee.ToString()), new Money(1_000_000, ltc))]);

        var prepared = await provider.PrepareAsync(batch);
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SubmissionResult.AlreadyKnown, await provider.SubmitAsync(prepared));
        ledger.Mine(5);
        Assert.Equal(SettlementState.Included, (await provider.GetStatusAsync(prepared)).State);
        ledger.Mine(1);

        Assert.True((await provider.GetStatusAsync(prepared)).IsFinal);
        Assert.StartsWith("L", home.ToString(), StringComparison.Ordinal);
        Assert.Equal(1_000_000, ledger.BalanceOf(payee));
        Assert.Equal(FinalityModel.Confirmations, provider.Capabilities.Finality);
    }

    [Fact]
    public async Task Litecoin_TypedErrors_ComeFromTheCore()
    {
        using var signer = TestKeys.Signer(42);
        var ledger = new InMemoryUtxoLedger(LitecoinNetworks.Mainnet);
        var options = new UtxoSettlementOptions();
        options.Signers.Add(signer);
        using var provider = new LitecoinSettlementProvider(options, ledger, new InMemoryCoinReservationStore());
        var payer = provider.Accounts[0];
        var ltc = LitecoinNetworks.Mainnet.NativeAsset;
        var dashAddress = UtxoAddress.FromPublicKey(TestKeys.Key(43).PublicKey.ToCompressed(), Networks.DashNetworks.Mainnet).ToString();
        var payee = UtxoAddress.FromPublicKey(TestKeys.Key(44).PublicKey.ToCompressed(), LitecoinNetworks.Mainnet).ToString();

        Assert.Throws<InvalidAddressException>(() => provider.ValidateAddress(SettlementAccount.Create(provider.ChainId, dashAddress)));
        await Assert.ThrowsAsync<InsufficientFundsException>(() => provider.PrepareAsync(new SettlementBatch(
            new SettlementBatchId("ltc-2"), payer, ltc, [new Payout(SettlementAccount.Create(provider.ChainId, payee), new Money(1_000_000, ltc))])));
        Assert.False((await provider.QuoteAsync(new SettlementBatch(
            new SettlementBatchId("ltc-3"), payer, ltc, [new Payout(SettlementAccount.Create(provider.ChainId, payee), new Money(5_459, ltc))]))).Fits);
    }

    [Theory]
    [InlineData("LitecoinNetworks.cs")]
    [InlineData("LitecoinSettlementProvider.cs")]
    [InlineData("LitecoinBuilderExtensions.cs")]
    public void Doc_ShowsTheCompiledFileVerbatim(string name)
    {
        string path = "tests/EnergySettlement.Dash.Tests/ChainAdapterTutorial/" + name;
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "chain-adapters.md")).ReplaceLineEndings("\n");
        string file = File.ReadAllText(Path.Combine(RepositoryRoot.Path, path)).ReplaceLineEndings("\n");

        var blocks = CodeBlock().Matches(doc).Where(m => m.Groups["path"].Value == path).ToArray();

        Assert.True(blocks.Length == 1, $"docs/chain-adapters.md should show {path} once, after a line '<!-- file: {path} -->'; found {blocks.Length}.");
        Assert.True(file == blocks[0].Groups["code"].Value, $"docs/chain-adapters.md shows {path} differently from the file: copy the file into the doc.");
    }

    [Fact]
    public void Tutorial_IsUnder150Lines() =>
        Assert.InRange(Files.Sum(f => File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "tests", "EnergySettlement.Dash.Tests", "ChainAdapterTutorial", f)).Length), 1, 149);

    [GeneratedRegex("<!-- file: (?<path>[^ ]+) -->\n```csharp\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
