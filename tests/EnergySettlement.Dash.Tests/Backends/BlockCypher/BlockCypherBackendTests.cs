using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Backends.BlockCypher;
using EnergySettlement.Dash.Tests.Backends.Http;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash.Tests.Backends.BlockCypher;

public sealed class BlockCypherBackendTests
{
    private const string Token = "c0ffee5a0b1c2d3e4f5a6b7c8d9e0f1a";

    [Fact]
    public async Task GetUnspentOutputsAsync_ConfirmedAndUnconfirmedRefs_ReadsUnspentOutputsWithScripts()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""
            {"address":"{{TestChain.Address}}","total_received":4433416,"total_sent":0,"balance":4433416,"unconfirmed_balance":99000,"final_balance":4532416,"n_tx":3,"unconfirmed_n_tx":1,"final_n_tx":4,
             "txrefs":[{"tx_hash":"{{TestChain.TxidA}}","block_height":302013,"tx_input_n":-1,"tx_output_n":0,"value":20213,"ref_balance":4433416,"spent":false,"confirmations":55061,"confirmed":"2014-05-22T03:46:25Z","double_spend":false,"script":"{{TestChain.AddressScriptHex}}"},
                       {"tx_hash":"{{TestChain.TxidB}}","block_height":302002,"tx_input_n":-1,"tx_output_n":3,"value":40596,"ref_balance":4413203,"spent":false,"confirmations":55072,"confirmed":"2014-05-22T02:56:08Z","double_spend":false,"script":"{{TestChain.AddressScriptHex}}"}],
             "unconfirmed_txrefs":[{"tx_hash":"{{TestChain.TxidC}}","block_height":-1,"tx_input_n":-1,"tx_output_n":1,"value":99000,"spent":false,"received":"2026-03-01T11:59:01Z","confirmations":0,"double_spend":false,"preference":"high","script":"{{TestChain.AddressScriptHex}}"},
                                   {"tx_hash":"{{TestChain.RawTransactionId}}","block_height":-1,"tx_input_n":-1,"tx_output_n":0,"value":5000,"spent":false,"confirmations":0,"double_spend":true,"script":"{{TestChain.AddressScriptHex}}"}],
             "tx_url":"https://api.blockcypher.com/v1/dash/main/txs/"}
            """));

        var outputs = await Backend(server).GetUnspentOutputsAsync(TestChain.Address);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/dash/main/addrs/" + TestChain.Address, request.Path);
        Assert.Equal("true", request.Query["unspentOnly"]);
        Assert.Equal("true", request.Query["includeScript"]);
        Assert.Equal(Token, request.Query["token"]);
        Assert.Equal(
            [(TestChain.TxidA, 0u, 20213L, (long?)302013, 55061), (TestChain.TxidB, 3u, 40596L, 302002, 55072), (TestChain.TxidC, 1u, 99000L, null, 0)],
            outputs.Select(o => (o.OutPoint.TransactionId.Value, o.OutPoint.Index, o.Value, o.Height, o.Confirmations)));
        Assert.All(outputs, o => Assert.Equal(TestChain.AddressScriptHex, Convert.ToHexStringLower(o.ScriptPubKey.Span)));
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_HasMore_PagesBeforeTheLowestHeightSeen()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Query.ContainsKey("before")
            ? LoopbackResponse.Json(AddressPage(hasMore: false, (TestChain.TxidC, 480, 2)))
            : LoopbackResponse.Json(AddressPage(hasMore: true, (TestChain.TxidA, 500, 0), (TestChain.TxidB, 490, 1))));

        var outputs = await Backend(server).GetUnspentOutputsAsync(TestChain.Address);

        Assert.Equal([TestChain.TxidA, TestChain.TxidB, TestChain.TxidC], outputs.Select(o => o.OutPoint.TransactionId.Value));
        Assert.Equal(2, server.RequestCount);
        Assert.Equal("490", server.Requests[1].Query["before"]);
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_MorePagesThanAllowed_ThrowsRatherThanReturnAPartialList()
    {
        var height = 1000;
        await using var server = LoopbackHttpServer.Start(_ => LoopbackResponse.Json(AddressPage(hasMore: true, (TestChain.TxidA, Interlocked.Decrement(ref height), 0))));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server, o => o.MaxAddressPages = 3).GetUnspentOutputsAsync(TestChain.Address));

        Assert.Equal("too many pages", ex.ErrorCode);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_AddressWithoutCoins_IsEmpty()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""
            {"address":"{{TestChain.Address}}","total_received":0,"total_sent":0,"balance":0,"unconfirmed_balance":0,"final_balance":0,"n_tx":0,"unconfirmed_n_tx":0,"final_n_tx":0}
            """));

        Assert.Empty(await Backend(server).GetUnspentOutputsAsync(TestChain.Address));
    }

    [Fact]
    public async Task BroadcastAsync_Pushed_IsAcceptedAndSendsTheHexAsJson()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(PushedTransaction(TestChain.RawTransactionId), 201));

        Assert.Equal(SubmissionResult.Accepted, await Backend(server).BroadcastAsync(TestChain.RawTransaction));

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1/dash/main/txs/push"), (request.Method, request.Path));
        using var body = request.Json();
        Assert.Equal(TestChain.RawTransactionHex, body.RootElement.GetProperty("tx").GetString());
        Assert.Equal(Token, request.Query["token"]);
    }

    [Fact]
    public async Task BroadcastAsync_PushAnswerWrappedInTx_IsAccepted()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("{\"tx\":" + PushedTransaction(TestChain.RawTransactionId) + "}", 201));

        Assert.Equal(SubmissionResult.Accepted, await Backend(server).BroadcastAsync(TestChain.RawTransaction));
    }

    [Fact]
    public async Task BroadcastAsync_RefusalSaysItExists_IsAlreadyKnownWithoutAskingAgain()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""{"error":"Error validating transaction: Transaction with hash {{TestChain.RawTransactionId}} already exists."}""", 400));

        Assert.Equal(SubmissionResult.AlreadyKnown, await Backend(server).BroadcastAsync(TestChain.RawTransaction));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task BroadcastAsync_RefusalInOtherWordsButBlockCypherHasIt_IsAlreadyKnown()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Method == "POST"
            ? LoopbackResponse.Json("""{"error":"Error sending transaction: duplicate."}""", 400)
            : LoopbackResponse.Json(TransactionObject(blockHeight: -1, confirmations: 0, doubleSpend: false)));

        Assert.Equal(SubmissionResult.AlreadyKnown, await Backend(server).BroadcastAsync(TestChain.RawTransaction));
        Assert.Equal("/v1/dash/main/txs/" + TestChain.RawTransactionId, server.Requests[1].Path);
    }

    [Fact]
    public async Task BroadcastAsync_RefusedAndUnknown_ThrowsTransactionRejectedWithTheHttpStatus()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Method == "POST"
            ? LoopbackResponse.Json($$"""{"error":"Error validating transaction: Transaction {{TestChain.RawTransactionId}} has an input referencing an unknown transaction: {{TestChain.TxidA}}."}""", 400)
            : LoopbackResponse.Json($$"""{"error":"Transaction {{TestChain.RawTransactionId}} not found."}""", 404));

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => Backend(server).BroadcastAsync(TestChain.RawTransaction));

        Assert.Equal("400", ex.ErrorCode);
        Assert.Contains("unknown transaction", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BroadcastAsync_PushRouteNotFound_IsADefiniteErrorButNotARejection()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("""{"error":"Not found"}""", 404));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server).BroadcastAsync(TestChain.RawTransaction));

        Assert.IsNotType<TransactionRejectedException>(ex);
        Assert.Equal("404", ex.ErrorCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_Confirmed_ReadsBlockAndConfirmationsButNoLocks()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(TransactionObject(blockHeight: 293000, confirmations: 6, doubleSpend: false)));

        var status = await Backend(server).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true, Confirmations = 6, BlockHash = TestChain.BlockHash, BlockHeight = 293000 }, status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/dash/main/txs/" + TestChain.TxidA, request.Path);
        Assert.Equal("1", request.Query["limit"]);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_UnconfirmedDoubleSpend_IsInTheMempoolAndLogged()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(TransactionObject(blockHeight: -1, confirmations: 0, doubleSpend: true)));
        var logs = new CapturingLoggerFactory();

        var status = await Backend(server, logs: logs).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true }, status);
        Assert.Contains(logs.Entries, e => e.Id.Id == 5105 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_NotFound_IsUnknown()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""{"error":"Transaction {{TestChain.TxidA}} not found."}""", 404));

        Assert.Same(UtxoTransactionStatus.Unknown, await Backend(server).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA)));
    }

    [Fact]
    public async Task GetSpendAsync_Output_AsksFromItsIndexAndReadsSpentBy()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Query["outstart"] == "1"
            ? LoopbackResponse.Json(TransactionObject(blockHeight: 293000, confirmations: 6, doubleSpend: false, outputs: $$"""[{"value":70320221545,"script":"{{TestChain.AddressScriptHex}}","spent_by":"{{TestChain.TxidC}}","addresses":["{{TestChain.Address}}"],"script_type":"pay-to-pubkey-hash"}]"""))
            : LoopbackResponse.Json(TransactionObject(blockHeight: 293000, confirmations: 6, doubleSpend: false, outputs: $$"""[{"value":5000,"script":"{{TestChain.AddressScriptHex}}","addresses":["{{TestChain.Address}}"],"script_type":"pay-to-pubkey-hash"}]""")));
        var backend = Backend(server);

        Assert.Equal(new OutputSpend { IsSpent = true, SpentBy = new ChainTransactionId(TestChain.TxidC) }, await backend.GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidA), 1)));
        Assert.Equal(new OutputSpend { IsSpent = false }, await backend.GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidA), 0)));
        Assert.Equal("1", server.Requests[0].Query["limit"]);
    }

    [Fact]
    public async Task GetSpendAsync_IndexBeyondTheOutputs_ThrowsDefiniteError()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(TransactionObject(blockHeight: 293000, confirmations: 6, doubleSpend: false, outputs: "[]")));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server).GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidA), 7)));

        Assert.Equal("no such output", ex.ErrorCode);
    }

    [Theory]
    [InlineData(1, 46086L)]
    [InlineData(3, 29422L)]
    [InlineData(10, 12045L)]
    public async Task EstimateFeeRateAsync_ChainEndpoint_PicksTheFeeForTheTarget(int targetBlocks, long expected)
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(Chain));

        Assert.Equal(expected, await Backend(server).EstimateFeeRateAsync(targetBlocks));
        Assert.Equal("/v1/dash/main/", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task GetBlockHeightAsync_ChainEndpoint_IsHeight()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(Chain));

        Assert.Equal(360060, await Backend(server).GetBlockHeightAsync());
    }

    [Fact]
    public async Task GetBlockHeightAsync_TokenRefused_ThrowsDefiniteErrorThatNeverShowsTheToken()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("""{"error":"Unauthorized token"}""", 401));
        var logs = new CapturingLoggerFactory();

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server, logs: logs).GetBlockHeightAsync());

        Assert.Equal("401", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlockHeightAsync_ErrorBodyEchoesTheUrl_TokenIsRedactedEverywhere()
    {
        await using var server = LoopbackHttpServer.Start(request => LoopbackResponse.Json($$"""{"error":"Bad request for {{request.Target}}"}""", 400));
        var logs = new CapturingLoggerFactory();

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server, logs: logs).GetBlockHeightAsync());

        Assert.Contains("token=***", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logs.AllText, StringComparison.Ordinal);
        Assert.Contains("token=***", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlockHeightAsync_WithoutToken_SendsNoTokenParameter()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(Chain));

        await Backend(server, o => o.Token = null).GetBlockHeightAsync();

        Assert.False(Assert.Single(server.Requests).Query.ContainsKey("token"));
    }

    [Fact]
    public void Options_Default_IsDashMainnetAndTheDocumentedBase()
    {
        Assert.Equal(new Uri("https://api.blockcypher.com/v1/dash/main"), new BlockCypherBackendOptions().BaseUrl);
    }

    internal static BlockCypherBackend Backend(LoopbackHttpServer server, Action<BlockCypherBackendOptions>? configure = null, ILoggerFactory? logs = null, TimeProvider? time = null)
    {
        var options = new BlockCypherBackendOptions
        {
            ChainId = TestChain.DashMainnet,
            BaseUrl = new Uri(server.BaseUrl, "v1/dash/main"),
            Token = Token,
            MaxRetryAttempts = 2,
            RetryBaseDelay = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return new BlockCypherBackend(options, TestChain.Http, time ?? new RecordingTimeProvider(), logs);
    }

    /// <summary>The chain endpoint as the documentation shows it.</summary>
    private const string Chain = """
        {"name":"DASH.main","height":360060,"hash":"000000000000000000bf56ff4a81e399374a68344a64d6681039412de78366b8","time":"2015-06-08T22:57:08.260165627Z",
         "latest_url":"https://api.blockcypher.com/v1/dash/main/blocks/000000000000000000bf56ff4a81e399374a68344a64d6681039412de78366b8",
         "previous_hash":"000000000000000011c9511ae1265d34d3c16fff6e8f94380425833b3d0ae5d8","peer_count":239,"unconfirmed_count":617,
         "high_fee_per_kb":46086,"medium_fee_per_kb":29422,"low_fee_per_kb":12045,"last_fork_height":359865,"last_fork_hash":"00000000000000000aa6462fd9faf94712ce1b5a944dc666f491101c996beab9"}
        """;

    private static string AddressPage(bool hasMore, params (string Txid, int Height, int Output)[] refs) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["address"] = TestChain.Address,
            ["n_tx"] = refs.Length,
            ["txrefs"] = refs.Select(r => new Dictionary<string, object>
            {
                ["tx_hash"] = r.Txid,
                ["block_height"] = r.Height,
                ["tx_input_n"] = -1,
                ["tx_output_n"] = r.Output,
                ["value"] = 1000,
                ["spent"] = false,
                ["confirmations"] = 1000 - r.Height,
                ["double_spend"] = false,
                ["script"] = TestChain.AddressScriptHex,
            }).ToArray(),
            ["hasMore"] = hasMore,
        });

    private static string PushedTransaction(string hash) => $$"""
        {"block_height":-1,"block_index":-1,"hash":"{{hash}}","addresses":["{{TestChain.Address}}"],"total":4988000,"fees":12000,"size":226,"preference":"high",
         "relayed_by":"73.162.198.68","received":"2026-03-01T12:00:00.305308666Z","ver":1,"lock_time":0,"double_spend":false,"vin_sz":1,"vout_sz":1,"confirmations":0,
         "inputs":[{"prev_hash":"{{TestChain.TxidA}}","output_index":0,"script":"4830450221","output_value":5000000,"sequence":4294967295,"addresses":["{{TestChain.Address}}"],"script_type":"pay-to-pubkey-hash","age":0}],
         "outputs":[{"value":4988000,"script":"{{TestChain.AddressScriptHex}}","addresses":["{{TestChain.Address}}"],"script_type":"pay-to-pubkey-hash"}]}
        """;

    private static string TransactionObject(long blockHeight, int confirmations, bool doubleSpend, string? outputs = null) => $$"""
        {{{(blockHeight >= 0 ? $"\"block_hash\":\"{TestChain.BlockHash}\"," : string.Empty)}}"block_height":{{blockHeight}},"block_index":3,"hash":"{{TestChain.TxidA}}","addresses":["{{TestChain.Address}}"],
         "total":70320221545,"fees":0,"size":636,"preference":"low","relayed_by":"","confirmed":"2014-03-29T01:29:19Z","received":"2014-03-29T01:29:19Z","ver":1,"lock_time":0,
         "double_spend":{{(doubleSpend ? "true" : "false")}},"vin_sz":4,"vout_sz":2,"confirmations":{{confirmations}},"confidence":1,
         "inputs":[{"prev_hash":"{{TestChain.TxidB}}","output_index":1,"script":"4830450220","output_value":16450000,"sequence":4294967295,"addresses":["{{TestChain.Address}}"],"script_type":"pay-to-pubkey-hash","age":292997}],
         "outputs":{{outputs ?? $"[{{\"value\":70320221545,\"script\":\"{TestChain.AddressScriptHex}\",\"addresses\":[\"{TestChain.Address}\"],\"script_type\":\"pay-to-pubkey-hash\"}}]"}}}
        """;
}
