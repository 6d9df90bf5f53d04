using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Backends.Insight;
using EnergySettlement.Dash.Tests.Backends.Http;

namespace EnergySettlement.Dash.Tests.Backends.Insight;

public sealed class InsightBackendTests
{
    [Fact]
    public async Task GetUnspentOutputsAsync_DocumentedShape_ReadsConfirmedAndMempoolCoins()
    {
        // The README's sample element, plus a mempool coin as dashcore-node reports it (no height, 0 confirmations).
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""
            [{"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidA}}","vout":0,"scriptPubKey":"{{TestChain.AddressScriptHex}}","amount":0.01194595,"satoshis":1194595,"height":142204,"confirmations":124317},
             {"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidB}}","vout":1,"scriptPubKey":"{{TestChain.AddressScriptHex}}","amount":0.12345678,"satoshis":12345678,"confirmations":0,"ts":1461349425}]
            """));

        var outputs = await Backend(server).GetUnspentOutputsAsync(TestChain.Address);

        Assert.Equal("/insight-api/addr/" + TestChain.Address + "/utxo", Assert.Single(server.Requests).Target);
        Assert.Equal(2, outputs.Count);
        Assert.Equal(new UnspentOutput { OutPoint = new OutPoint(new ChainTransactionId(TestChain.TxidA), 0), Address = TestChain.Address, Value = 1194595, ScriptPubKey = outputs[0].ScriptPubKey, Height = 142204, Confirmations = 124317 }, outputs[0]);
        Assert.Equal(TestChain.AddressScriptHex, Convert.ToHexStringLower(outputs[0].ScriptPubKey.Span));
        Assert.Equal(12345678, outputs[1].Value);
        Assert.Null(outputs[1].Height);
        Assert.Equal(0, outputs[1].Confirmations);
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_AddressWithoutCoins_IsEmpty()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("[]"));

        Assert.Empty(await Backend(server).GetUnspentOutputsAsync(TestChain.Address));
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_InsightRefusesTheAddress_ThrowsDefiniteErrorWithInsightsCode()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text("Invalid address: Checksum mismatch. Code:1", 400));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server).GetUnspentOutputsAsync(TestChain.Address));

        Assert.Equal("1", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("Checksum mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_AmountAsFloatOnly_ThrowsMalformedResponse()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""[{"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidA}}","vout":0,"scriptPubKey":"{{TestChain.AddressScriptHex}}","amount":0.01194595,"confirmations":3}]"""));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server).GetUnspentOutputsAsync(TestChain.Address));

        Assert.Equal("malformed response", ex.ErrorCode);
        Assert.Contains("'satoshis'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BroadcastAsync_Accepted_PostsTheRawtxFormFieldAndChecksTheTxid()
    {
        await using var server = LoopbackHttpServer.Start(request => LoopbackResponse.Json($$"""{"txid":"{{TestChain.RawTransactionId}}"}"""));

        Assert.Equal(SubmissionResult.Accepted, await Backend(server).BroadcastAsync(TestChain.RawTransaction));

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/insight-api/tx/send"), (request.Method, request.Target));
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("rawtx=" + TestChain.RawTransactionHex, request.BodyText);
    }

    [Fact]
    public async Task BroadcastAsync_AnswerNamesAnotherTxid_ThrowsDefiniteError()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json($$"""{"txid":"{{TestChain.TxidC}}"}"""));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(server).BroadcastAsync(TestChain.RawTransaction));

        Assert.Equal("txid mismatch", ex.ErrorCode);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("transaction already in block chain. Code:-27")]
    [InlineData("txn-already-in-mempool. Code:-26")]
    [InlineData("txn-already-known. Code:-26")]
    public async Task BroadcastAsync_NodeBehindInsightHasIt_IsAlreadyKnown(string body)
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text(body, 400));

        Assert.Equal(SubmissionResult.AlreadyKnown, await Backend(server).BroadcastAsync(TestChain.RawTransaction));
    }

    [Fact]
    public async Task BroadcastAsync_NodeBehindInsightRefuses_ThrowsTransactionRejectedWithTheNodesCode()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text("66: min relay fee not met. Code:-26", 400));

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => Backend(server).BroadcastAsync(TestChain.RawTransaction));

        Assert.Equal("-26", ex.ErrorCode);
        Assert.Contains("min relay fee not met", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_MinedAndLocked_ReportsInstantSendAndTheChainLockBelowTheBestLock()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Target switch
        {
            "/insight-api/tx/" + TestChain.TxidA => LoopbackResponse.Json(InsightTransaction(blockHeight: 133367, confirmations: 37, txlock: true)),
            "/insight-api/status?q=getBestChainLock" => LoopbackResponse.Json($$"""{"bestchainlock":{"blockhash":"{{TestChain.BlockHash}}","height":133370,"signature":"{{new string('a', 192)}}","known_block":true} }"""),
            _ => LoopbackResponse.Json("""{"status":404,"url":"/","error":"Not found"}""", 404),
        });

        var status = await Backend(server).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true, Confirmations = 37, BlockHash = TestChain.BlockHash, BlockHeight = 133367, IsInstantLocked = true, IsChainLocked = true }, status);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_MinedAboveTheBestChainLock_IsNotChainLocked()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Target.Contains("getBestChainLock", StringComparison.Ordinal)
            ? LoopbackResponse.Json($$"""{"blockhash":"{{TestChain.BlockHash}}","height":133366}""")
            : LoopbackResponse.Json(InsightTransaction(blockHeight: 133367, confirmations: 1, txlock: false)));

        var status = await Backend(server).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.False(status.IsChainLocked);
        Assert.Equal(1, status.Confirmations);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_InsightWithoutChainLockQuery_StillAnswersNotChainLocked()
    {
        await using var server = LoopbackHttpServer.Start(request => request.Target.Contains("getBestChainLock", StringComparison.Ordinal)
            ? LoopbackResponse.Text("Unknown query. Code:1", 400)
            : LoopbackResponse.Json(InsightTransaction(blockHeight: 133367, confirmations: 8, txlock: true)));

        var status = await Backend(server).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true, Confirmations = 8, BlockHash = TestChain.BlockHash, BlockHeight = 133367, IsInstantLocked = true }, status);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_InTheMempool_IsKnownWithoutBlockAndAsksNoChainLock()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(InsightTransaction(blockHeight: -1, confirmations: 0, txlock: true)));

        var status = await Backend(server).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true, IsInstantLocked = true }, status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_NotFound_IsUnknown()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text("Not found", 404));

        Assert.Same(UtxoTransactionStatus.Unknown, await Backend(server).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA)));
    }

    [Fact]
    public async Task GetSpendAsync_SpentAndUnspentOutputs_ReadSpentTxId()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(InsightTransaction(blockHeight: 133367, confirmations: 37, txlock: false)));
        var backend = Backend(server);

        Assert.Equal(new OutputSpend { IsSpent = false }, await backend.GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidA), 0)));
        Assert.Equal(new OutputSpend { IsSpent = true, SpentBy = new ChainTransactionId(TestChain.TxidC) }, await backend.GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidA), 1)));
        var noSuchOutput = await Assert.ThrowsAsync<ChainRequestException>(() => backend.GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidA), 2)));
        Assert.Equal("no such output", noSuchOutput.ErrorCode);
    }

    [Fact]
    public async Task GetSpendAsync_UnknownTransaction_IsSpentWithoutSpender()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text("Not found", 404));

        Assert.Equal(new OutputSpend { IsSpent = true }, await Backend(server).GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidA), 0)));
    }

    [Theory]
    [InlineData("""{"2":0.00001}""", 1000L)]
    [InlineData("""{"2":0.000012341}""", 1235L)]
    [InlineData("""{"2":-1}""", null)]
    public async Task EstimateFeeRateAsync_InsightEstimate_IsDuffsPerKilobyteRoundedUpOrNull(string body, long? expected)
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json(body));

        Assert.Equal(expected, await Backend(server).EstimateFeeRateAsync(2));
        Assert.Equal("/insight-api/utils/estimatefee?nbBlocks=2", Assert.Single(server.Requests).Target);
    }

    [Fact]
    public async Task GetBlockHeightAsync_StatusGetInfo_IsInfoBlocks()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("""
            {"info":{"version":180100,"insightversion":"3.0.0","protocolversion":70218,"blocks":2093482,"timeoffset":0,"connections":8,"proxy":"","difficulty":92713.87,"testnet":false,"relayfee":0.00001,"errors":"","network":"livenet"}}
            """));

        Assert.Equal(2093482, await Backend(server).GetBlockHeightAsync());
        Assert.Equal("/insight-api/status?q=getInfo", Assert.Single(server.Requests).Target);
    }

    [Fact]
    public async Task GetBlockHeightAsync_ServerStillSyncing_IsUnavailable()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text("Server not yet ready. Sync Percentage:42", 503));

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => Backend(server).GetBlockHeightAsync());

        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task GetBlockHeightAsync_RateLimiterAnswers429_IsRetriedUntilItAnswers()
    {
        await using var server = LoopbackHttpServer.Script(
            LoopbackResponse.Json("""{"status":429,"error":"Rate limit exceeded"}""", 429),
            LoopbackResponse.Json("""{"info":{"blocks":12}}"""));

        Assert.Equal(12, await Backend(server).GetBlockHeightAsync());
        Assert.Equal(2, server.RequestCount);
    }

    internal static InsightBackend Backend(LoopbackHttpServer server, Action<InsightBackendOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new InsightBackendOptions
        {
            ChainId = TestChain.DashMainnet,
            BaseUrl = new Uri(server.BaseUrl, "insight-api"),
            MaxRetryAttempts = 2,
            RetryBaseDelay = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return new InsightBackend(options, TestChain.Http, time ?? new RecordingTimeProvider());
    }

    /// <summary>The README's transaction object (lib/transactions.js transformTransaction), two outputs, output 1 spent.</summary>
    private static string InsightTransaction(long blockHeight, long confirmations, bool txlock) => $$"""
        {"txid":"{{TestChain.TxidA}}","version":1,"locktime":133366,
         "vin":[{"txid":"{{TestChain.TxidB}}","vout":0,"sequence":4294967295,"n":0,"scriptSig":{"hex":"47304402"},"addr":"{{TestChain.Address}}","valueSat":899900000,"value":8.999,"doubleSpentTxID":null}],
         "vout":[{"value":"8.00000000","n":0,"scriptPubKey":{"hex":"{{TestChain.AddressScriptHex}}","addresses":["{{TestChain.Address}}"],"type":"pubkeyhash"},"spentTxId":null,"spentIndex":null,"spentHeight":null},
                 {"value":"0.99800000","n":1,"scriptPubKey":{"hex":"{{TestChain.AddressScriptHex}}","addresses":["{{TestChain.Address}}"],"type":"pubkeyhash"},"spentTxId":"{{TestChain.TxidC}}","spentIndex":0,"spentHeight":133380}],
         {{(blockHeight >= 0 ? $"\"blockhash\":\"{TestChain.BlockHash}\"," : string.Empty)}}"blockheight":{{blockHeight}},"confirmations":{{confirmations}},"time":1483985187,"valueOut":8.998,"size":226,"valueIn":8.999,"fees":0.001,"txlock":{{(txlock ? "true" : "false")}}}
        """;
}
