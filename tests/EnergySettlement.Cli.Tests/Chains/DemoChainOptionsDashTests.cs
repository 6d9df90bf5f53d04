using System.CommandLine;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary>How the <c>--chain dash</c> options become <see cref="DashChainSettings"/>.</summary>
public sealed class DemoChainOptionsDashTests
{
    [Fact]
    public void Read_ChainDashWithEveryOption_GivesTheSettingsInOrder()
    {
        var (command, options) = Demo();

        var parsed = command.Parse(
            "--chain dash --network mainnet --backend dashcore=http://127.0.0.1:9998/ --backend insight=https://insight.example/insight-api/ --backend blockcypher " +
            "--key-file keys.txt --confirmations 3 --poll-interval 0.5");
        Assert.Empty(parsed.Errors);
        var dash = options.Read(parsed).ToDash();

        Assert.Equal(DashNetwork.Mainnet, dash.Network);
        Assert.Equal(
            [new DashBackendSetting(DashBackendKind.DashCore, new Uri("http://127.0.0.1:9998/")), new DashBackendSetting(DashBackendKind.Insight, new Uri("https://insight.example/insight-api/")), new DashBackendSetting(DashBackendKind.BlockCypher, null)],
            dash.Backends);
        Assert.Equal(Path.GetFullPath("keys.txt"), dash.KeyFile);
        Assert.Equal(3, dash.Confirmations);
        Assert.Equal(TimeSpan.FromSeconds(0.5), dash.PollInterval);
        Assert.Null(dash.CookieFile);
        Assert.Equal("dashcore at http://127.0.0.1:9998, insight at https://insight.example, blockcypher at https://api.blockcypher.com", dash.DescribeBackends());
    }

    [Fact]
    public void Read_ChainDashWithDefaults_IsTestnetSixConfirmationsTwoSeconds()
    {
        var (command, options) = Demo();

        var parsed = command.Parse("--chain dash --backend insight=http://127.0.0.1:3001/insight-api/");
        Assert.Empty(parsed.Errors);
        var dash = options.Read(parsed).ToDash();

        Assert.Equal(DashNetwork.Testnet, dash.Network);
        Assert.Equal(6, dash.Confirmations);
        Assert.Equal(TimeSpan.FromSeconds(2), dash.PollInterval);
        Assert.Null(dash.KeyFile);
    }

    [Fact]
    public void Read_AnotherChain_HasNoDashSettings()
    {
        var (command, options) = Demo();

        var parsed = command.Parse("--chain simulated");

        Assert.Empty(parsed.Errors);
        Assert.Null(options.Read(parsed).Dash);
    }

    [Theory]
    [InlineData(DashNetwork.Mainnet, "DASH")]
    [InlineData(DashNetwork.Testnet, "tDASH")]
    [InlineData(DashNetwork.Regtest, "tDASH")]
    public async Task DashDemoChain_QuotesInTheNetworksCoinWithTheDustThresholdAsMinimumPayout(DashNetwork network, string symbol)
    {
        await using var chain = new DashDemoChain(new DashChainSettings { Network = network, Backends = [new(DashBackendKind.BlockCypher, null)] }, _ => null);

        Assert.Equal(symbol, chain.QuoteAsset.Symbol);
        Assert.Equal(8, chain.QuoteAsset.Decimals);
        Assert.Equal(DashNetworks.Get(network).NativeAsset, chain.QuoteAsset);
        Assert.Equal(new Money(546, chain.QuoteAsset), ((IDemoChain)chain).MinimumPayout);
    }

    private static (Command Command, DemoChainOptions Options) Demo()
    {
        var chain = new Option<string>("--chain") { DefaultValueFactory = _ => DemoChains.Default };
        chain.AcceptOnlyFromAmong([.. DemoChains.Names]);
        var command = new Command("demo") { chain };
        return (command, DemoChainOptions.AddTo(command, chain));
    }
}
