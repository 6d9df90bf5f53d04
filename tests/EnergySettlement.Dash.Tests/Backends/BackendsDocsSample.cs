using System.Text.RegularExpressions;
using EnergySettlement.Chains;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Backends.BlockCypher;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Backends.Insight;
using EnergySettlement.Dash.Backends.Redundancy;
using EnergySettlement.Dash.Tests.Backends.DashCore;
using EnergySettlement.Dash.Tests.Backends.Http;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash.Tests.Backends;

/// <summary>The code docs/dash.md shows under "Node backends" / "Without DI", compiled and run here so it cannot rot.</summary>
public sealed class BackendsDocsSample
{
    // docs/dash.md — "Node backends", "Without DI"
    public static IUtxoBackend Configure(HttpClient http, Uri dashCoreUrl, string cookieFile, Uri insightUrl, Uri blockCypherUrl, string? blockCypherToken, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        // docs:begin without-di
        var dashMainnet = ChainId.Parse("bip122:00000ffd590b1485b3caadc19b22e637");
        var node = new DashCoreRpcBackend(
            new DashCoreRpcBackendOptions
            {
                ChainId = dashMainnet,
                Url = dashCoreUrl,               // http://127.0.0.1:9998/ on mainnet
                CookieFile = cookieFile,         // or UserName and Password
                UseSpentIndex = true,            // dashd runs with -spentindex=1
            },
            http,
            time,
            loggerFactory);
        var insight = new InsightBackend(
            new InsightBackendOptions { ChainId = dashMainnet, BaseUrl = insightUrl }, // https://insight.dash.org/insight-api/
            http,
            time,
            loggerFactory);
        var blockCypher = new BlockCypherBackend(
            new BlockCypherBackendOptions { ChainId = dashMainnet, BaseUrl = blockCypherUrl, Token = blockCypherToken, MaxRetryAfter = TimeSpan.FromSeconds(10) },
            http,
            time,
            loggerFactory);

        // Reads: the first healthy backend, in this order. Broadcasts: all three at once.
        return new RedundantUtxoBackend(
            [node, insight, blockCypher],
            new RedundantUtxoBackendOptions { UnhealthyDuration = TimeSpan.FromSeconds(30) },
            time,
            loggerFactory);
        // docs:end without-di
    }

    [Fact]
    public void Doc_ShowsTheWithoutDiSampleVerbatim()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "EnergySettlement.Dash.Tests", "Backends", "BackendsDocsSample.cs")).ReplaceLineEndings("\n");
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "dash.md")).ReplaceLineEndings("\n");
        var match = Regex.Match(source, "// docs:begin without-di\n(?<code>.*?)\n *// docs:end without-di", RegexOptions.Singleline);
        var code = string.Join('\n', match.Groups["code"].Value.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        Assert.True(match.Success, "The region 'without-di' is missing from BackendsDocsSample.cs.");
        Assert.Contains("### Without DI\n\nEach backend is an ordinary class; constructing them yourself is what `AddDash` does for you:\n\n```csharp\n" + code + "\n```", doc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_DocsExample_ReadsFromTheNodeAndBroadcastsEverywhere()
    {
        var cookie = Path.Combine(Directory.CreateTempSubdirectory("es-dash-docs-").FullName, ".cookie");
        await File.WriteAllTextAsync(cookie, "__cookie__:5f1e2d3c");
        await using var node = FakeDashCoreNode.StartWithAuthorization(
            (method, _) => method == "getblockcount" ? RpcReply.Result("2093482") : RpcReply.Error(-27, "transaction already in block chain"),
            () => FakeDashCoreNode.Basic("__cookie__:5f1e2d3c"));
        await using var insight = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""{"txid":"{{TestChain.RawTransactionId}}"}"""));
        await using var blockCypher = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""{"hash":"{{TestChain.RawTransactionId}}","block_height":-1}""", 201));

        var backend = Configure(TestChain.Http, node.Url, cookie, new Uri(insight.BaseUrl, "insight-api/"), new Uri(blockCypher.BaseUrl, "v1/dash/main"), "c0ffee", new RecordingTimeProvider(), null);

        Assert.Equal("redundant(dash-core,insight,blockcypher)", backend.Name);
        Assert.Equal(2093482, await backend.GetBlockHeightAsync());
        Assert.Contains(await backend.BroadcastAsync(TestChain.RawTransaction), new[] { SubmissionResult.Accepted, SubmissionResult.AlreadyKnown });
        await insight.WaitForRequestsAsync(1);
        await blockCypher.WaitForRequestsAsync(1);
        Assert.Equal(0, insight.Requests.Count(r => r.Method == "GET"));
    }
}
