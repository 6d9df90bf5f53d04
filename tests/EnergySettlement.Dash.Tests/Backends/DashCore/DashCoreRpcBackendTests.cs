using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Tests.Backends.Http;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash.Tests.Backends.DashCore;

public sealed class DashCoreRpcBackendTests
{
    private const string Password = "s3cret-Pa55";
    private const string AddressQuery = "[{\"addresses\":[\"" + TestChain.Address + "\"]}]";

    [Fact]
    public async Task GetUnspentOutputsAsync_ConfirmedAndMempoolCoins_MergesThemAndDropsCoinsSpentInTheMempool()
    {
        await using var node = FakeDashCoreNode.Start((method, _) => method switch
        {
            "getaddressutxos" => RpcReply.Result($$"""
                [{"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidA}}","outputIndex":0,"script":"{{TestChain.AddressScriptHex}}","satoshis":150000,"height":985},
                 {"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidB}}","outputIndex":2,"script":"{{TestChain.AddressScriptHex}}","satoshis":250000,"height":990}]
                """),
            "getaddressmempool" => RpcReply.Result($$"""
                [{"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidC}}","index":0,"satoshis":-150000,"timestamp":1767268800,"prevtxid":"{{TestChain.TxidA}}","prevout":0},
                 {"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidC}}","index":1,"satoshis":99000,"timestamp":1767268800}]
                """),
            "getblockcount" => RpcReply.Result("1000"),
            "getrawtransaction" => RpcReply.Result($$"""
                {"txid":"{{TestChain.TxidC}}","vin":[],"vout":[{"valueSat":50000,"n":0,"scriptPubKey":{"hex":"a914000000000000000000000000000000000000000087","type":"scripthash"} },
                                                            {"valueSat":99000,"n":1,"scriptPubKey":{"hex":"{{TestChain.AddressScriptHex}}","type":"pubkeyhash"} }]}
                """),
            _ => RpcReply.Error(-32601, "Method not found"),
        });

        var outputs = await Backend(node).GetUnspentOutputsAsync(TestChain.Address);

        Assert.Equal(2, outputs.Count);
        var confirmed = outputs[0];
        Assert.Equal(new OutPoint(new ChainTransactionId(TestChain.TxidB), 2), confirmed.OutPoint);
        Assert.Equal(250000, confirmed.Value);
        Assert.Equal(990, confirmed.Height);
        Assert.Equal(11, confirmed.Confirmations);
        Assert.Equal(TestChain.AddressScriptHex, Convert.ToHexStringLower(confirmed.ScriptPubKey.Span));
        var mempool = outputs[1];
        Assert.Equal(new OutPoint(new ChainTransactionId(TestChain.TxidC), 1), mempool.OutPoint);
        Assert.Equal(99000, mempool.Value);
        Assert.Null(mempool.Height);
        Assert.Equal(0, mempool.Confirmations);
        Assert.Equal(TestChain.AddressScriptHex, Convert.ToHexStringLower(mempool.ScriptPubKey.Span));
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_Always_SendsOneAuthenticatedBatchWithTheAddress()
    {
        await using var node = FakeDashCoreNode.Start((method, _) => method == "getblockcount" ? RpcReply.Result("7") : RpcReply.Result("[]"));

        await Backend(node).GetUnspentOutputsAsync(TestChain.Address);

        var request = Assert.Single(node.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(FakeDashCoreNode.Basic("settle:" + Password), request.Headers["Authorization"]);
        Assert.Equal(
            [("getaddressutxos", AddressQuery), ("getaddressmempool", AddressQuery), ("getblockcount", "[]")],
            node.Calls);
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_OnlyMempoolCoins_ReadsTheScriptFromTheTransaction()
    {
        await using var node = FakeDashCoreNode.Start((method, parameters) => method switch
        {
            "getaddressutxos" => RpcReply.Result("[]"),
            "getaddressmempool" => RpcReply.Result($$"""[{"address":"{{TestChain.Address}}","txid":"{{TestChain.TxidC}}","index":1,"satoshis":99000,"timestamp":1767268800}]"""),
            "getblockcount" => RpcReply.Result("1000"),
            "getrawtransaction" when parameters[0].GetString() == TestChain.TxidC => RpcReply.Result($$"""
                {"txid":"{{TestChain.TxidC}}","version":2,"type":0,"size":225,"locktime":0,"vin":[],
                 "vout":[{"value":0.01,"valueSat":1000000,"n":0,"scriptPubKey":{"asm":"OP_DUP","hex":"76a914000000000000000000000000000000000000000088ac","type":"pubkeyhash"} },
                         {"value":0.00099,"valueSat":99000,"n":1,"scriptPubKey":{"asm":"OP_DUP","hex":"{{TestChain.AddressScriptHex}}","type":"pubkeyhash"} }],
                 "instantlock":false,"instantlock_internal":false,"chainlock":false}
                """),
            _ => RpcReply.Error(-32601, "Method not found"),
        });

        var output = Assert.Single(await Backend(node).GetUnspentOutputsAsync(TestChain.Address));

        Assert.Equal(TestChain.AddressScriptHex, Convert.ToHexStringLower(output.ScriptPubKey.Span));
        Assert.Equal(0, output.Confirmations);
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_AddressWithoutCoins_IsEmpty()
    {
        await using var node = FakeDashCoreNode.Start((method, _) => method == "getblockcount" ? RpcReply.Result("1000") : RpcReply.Result("[]"));

        Assert.Empty(await Backend(node).GetUnspentOutputsAsync(TestChain.Address));
    }

    [Fact]
    public async Task GetUnspentOutputsAsync_NodeWithoutAddressIndex_ThrowsDefiniteErrorNamingTheIndex()
    {
        await using var node = FakeDashCoreNode.Start((method, _) => method switch
        {
            "getblockcount" => RpcReply.Result("1000"),
            "getaddressmempool" => RpcReply.Result("[]"),
            _ => RpcReply.Error(-5, "No information available for address"),
        });

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(node).GetUnspentOutputsAsync(TestChain.Address));

        Assert.Equal("-5", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("-addressindex", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TestChain.DashMainnet, ex.ChainId);
    }

    [Fact]
    public async Task BroadcastAsync_NodeAccepts_IsAcceptedAndSendsTheHex()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result($"\"{TestChain.RawTransactionId}\""));

        var result = await Backend(node).BroadcastAsync(TestChain.RawTransaction);

        Assert.Equal(SubmissionResult.Accepted, result);
        Assert.Equal(("sendrawtransaction", $"[\"{TestChain.RawTransactionHex}\"]"), Assert.Single(node.Calls));
    }

    [Theory]
    [InlineData(-27, "transaction already in block chain")]
    [InlineData(-27, "Transaction outputs already in utxo set")]
    [InlineData(-26, "txn-already-in-mempool")]
    [InlineData(-26, "txn-already-known")]
    public async Task BroadcastAsync_NodeAlreadyHasTheTransaction_IsAlreadyKnown(long code, string message)
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Error(code, message));

        Assert.Equal(SubmissionResult.AlreadyKnown, await Backend(node).BroadcastAsync(TestChain.RawTransaction));
    }

    [Theory]
    [InlineData(-26, "min relay fee not met, 100 < 226 (code 66)")]
    [InlineData(-26, "txn-mempool-conflict (code 18)")]
    [InlineData(-25, "Missing inputs")]
    [InlineData(-22, "TX decode failed")]
    public async Task BroadcastAsync_NodeRefuses_ThrowsTransactionRejectedWithTheNodesCode(long code, string message)
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Error(code, message));

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => Backend(node).BroadcastAsync(TestChain.RawTransaction));

        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains(TestChain.RawTransactionId, ex.Message, StringComparison.Ordinal);
        Assert.Single(node.Server.Requests);
    }

    [Fact]
    public async Task BroadcastAsync_ServerWithoutTheMethod_IsADefiniteErrorButNotARejection()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Error(-32601, "Method not found"));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(node).BroadcastAsync(TestChain.RawTransaction));

        Assert.IsNotType<TransactionRejectedException>(ex);
        Assert.Equal("-32601", ex.ErrorCode);
    }

    [Fact]
    public async Task BroadcastAsync_AnswerIsNotJson_IsRetriedAndThenUnavailable()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Http(LoopbackResponse.Text("<html><body>proxy error</body></html>", 200)));

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => Backend(node, o => o.MaxRetryAttempts = 2).BroadcastAsync(TestChain.RawTransaction));

        Assert.Contains("outcome is unknown", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, node.Server.RequestCount);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_InstantLockedInMempool_IsKnownLockedWithoutBlock()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result($$"""
            {"hex":"{{TestChain.RawTransactionHex}}","txid":"{{TestChain.TxidA}}","size":225,"version":2,"type":0,"locktime":0,"vin":[],"vout":[],
             "instantlock":true,"instantlock_internal":true,"chainlock":false}
            """));

        var status = await Backend(node).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true, Confirmations = 0, IsInstantLocked = true }, status);
        Assert.Equal(("getrawtransaction", $"[\"{TestChain.TxidA}\",true]"), Assert.Single(node.Calls));
    }

    [Fact]
    public async Task GetTransactionStatusAsync_InChainLockedBlock_ReportsBlockAndChainLockButNotAnInstantLock()
    {
        // instantlock is "instantlock_internal || chainlock" on the node; only instantlock_internal is the IS lock.
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result($$"""
            {"txid":"{{TestChain.TxidA}}","version":2,"type":0,"vin":[],"vout":[],"blockhash":"{{TestChain.BlockHash}}","height":133367,
             "confirmations":37,"time":1483985187,"blocktime":1483985187,"instantlock":true,"instantlock_internal":false,"chainlock":true}
            """));

        var status = await Backend(node).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true, Confirmations = 37, BlockHash = TestChain.BlockHash, BlockHeight = 133367, IsInstantLocked = false, IsChainLocked = true }, status);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_BlockOffTheActiveChain_IsKnownWithoutBlock()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result($$"""
            {"txid":"{{TestChain.TxidA}}","vin":[],"vout":[],"blockhash":"{{TestChain.BlockHash}}","height":-1,"confirmations":0,"instantlock":false,"instantlock_internal":false,"chainlock":false}
            """));

        var status = await Backend(node).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA));

        Assert.Equal(new UtxoTransactionStatus { IsKnown = true }, status);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_UnknownTransaction_IsUnknown()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Error(-5, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."));

        Assert.Same(UtxoTransactionStatus.Unknown, await Backend(node).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA)));
    }

    [Fact]
    public async Task GetTransactionStatusAsync_NodeWithoutTxIndex_ThrowsRatherThanCallingAMinedTransactionUnknown()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Error(-5, "No such mempool transaction. Use -txindex to enable blockchain transaction queries. Use gettransaction for wallet transactions."));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(node).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA)));

        Assert.Equal("-5", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("-txindex=1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTransactionStatusAsync_NotADashTxid_ThrowsArgumentExceptionWithoutARequest()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result("null"));

        await Assert.ThrowsAsync<ArgumentException>(() => Backend(node).GetTransactionStatusAsync(new ChainTransactionId("0xabc")));

        Assert.Equal(0, node.Server.RequestCount);
    }

    [Fact]
    public async Task GetSpendAsync_OutputInTheUtxoSet_IsUnspentAndAsksIncludingTheMempool()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result($$"""
            {"bestblock":"{{TestChain.BlockHash}}","confirmations":12,"value":0.0025,"scriptPubKey":{"asm":"OP_DUP","hex":"{{TestChain.AddressScriptHex}}","type":"pubkeyhash","addresses":["{{TestChain.Address}}"]},"coinbase":false}
            """));

        var spend = await Backend(node).GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidB), 2));

        Assert.Equal(new OutputSpend { IsSpent = false }, spend);
        Assert.Equal(("gettxout", $"[\"{TestChain.TxidB}\",2,true]"), Assert.Single(node.Calls));
    }

    [Fact]
    public async Task GetSpendAsync_SpentWithoutSpentIndex_IsSpentWithoutSpender()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result("null"));

        Assert.Equal(new OutputSpend { IsSpent = true }, await Backend(node).GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidB), 2)));
        Assert.Single(node.Calls);
    }

    [Fact]
    public async Task GetSpendAsync_SpentWithSpentIndex_NamesTheSpender()
    {
        await using var node = FakeDashCoreNode.Start((method, parameters) => method switch
        {
            "gettxout" => RpcReply.Result("null"),
            "getspentinfo" when parameters[0].GetProperty("txid").GetString() == TestChain.TxidB && parameters[0].GetProperty("index").GetInt32() == 2
                => RpcReply.Result($$"""{"txid":"{{TestChain.TxidC}}","index":0,"height":-1}"""),
            _ => RpcReply.Error(-5, "Unable to get spent info"),
        });

        var spend = await Backend(node, o => o.UseSpentIndex = true).GetSpendAsync(new OutPoint(new ChainTransactionId(TestChain.TxidB), 2));

        Assert.Equal(new OutputSpend { IsSpent = true, SpentBy = new ChainTransactionId(TestChain.TxidC) }, spend);
    }

    [Theory]
    [InlineData("""{"feerate":0.00001,"blocks":2}""", 1000L)]
    [InlineData("""{"feerate":0.00001234,"blocks":2}""", 1234L)]
    [InlineData("""{"feerate":0.000012345,"blocks":2}""", 1235L)]
    [InlineData("""{"errors":["Insufficient data or no feerate found"],"blocks":0}""", null)]
    public async Task EstimateFeeRateAsync_NodeEstimate_IsDuffsPerKilobyteRoundedUpOrNull(string result, long? expected)
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result(result));

        Assert.Equal(expected, await Backend(node).EstimateFeeRateAsync(2));
        Assert.Equal(("estimatesmartfee", "[2]"), Assert.Single(node.Calls));
    }

    [Fact]
    public async Task GetBlockHeightAsync_Always_IsGetBlockCount()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result("2093482"));

        Assert.Equal(2093482, await Backend(node).GetBlockHeightAsync());
    }

    [Fact]
    public async Task GetBlockHeightAsync_WrongPassword_ThrowsDefiniteErrorWithoutThePassword()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result("1"), password: "the-right-one");
        var logs = new CapturingLoggerFactory();

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(node, logs: logs).GetBlockHeightAsync());

        Assert.Equal("401", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("UserName and Password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, logs.AllText, StringComparison.Ordinal);
        Assert.Single(node.Server.Requests);
    }

    [Fact]
    public async Task GetBlockHeightAsync_NodeWarmingUp_IsRetriedUntilItAnswers()
    {
        var calls = 0;
        await using var node = FakeDashCoreNode.Start((_, _) => Interlocked.Increment(ref calls) == 1 ? RpcReply.Error(-28, "Loading block index...") : RpcReply.Result("5"));

        Assert.Equal(5, await Backend(node).GetBlockHeightAsync());
        Assert.Equal(2, node.Server.RequestCount);
    }

    [Fact]
    public async Task GetBlockHeightAsync_WorkQueueFull_IsRetriedUntilItAnswers()
    {
        var calls = 0;
        await using var node = FakeDashCoreNode.Start((_, _) => Interlocked.Increment(ref calls) == 1 ? RpcReply.Http(LoopbackResponse.Text("Work queue depth exceeded", 503)) : RpcReply.Result("5"));

        Assert.Equal(5, await Backend(node).GetBlockHeightAsync());
        Assert.Equal(2, node.Server.RequestCount);
    }

    [Fact]
    public async Task GetBlockHeightAsync_AnswerIsNotJson_ThrowsMalformedResponseWithoutRetrying()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Http(LoopbackResponse.Text("{\"result\":", 200)));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(node).GetBlockHeightAsync());

        Assert.Equal("malformed response", ex.ErrorCode);
        Assert.False(ex.IsTransient);
        Assert.Single(node.Server.Requests);
    }

    [Fact]
    public async Task GetBlockHeightAsync_UnknownMethod_ThrowsTheNodesCode()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Error(-32601, "Method not found"));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => Backend(node).GetBlockHeightAsync());

        Assert.Equal("-32601", ex.ErrorCode);
        Assert.IsNotType<ChainUnavailableException>(ex);
    }

    [Fact]
    public async Task GetBlockHeightAsync_CookieFile_SendsTheCookieAsBasicCredentials()
    {
        var cookie = Path.Combine(Path.GetTempPath(), $"dash-{Guid.NewGuid():N}.cookie");
        await File.WriteAllTextAsync(cookie, "__cookie__:0a1b2c3d4e5f");
        try
        {
            await using var node = FakeDashCoreNode.StartWithAuthorization((_, _) => RpcReply.Result("9"), () => FakeDashCoreNode.Basic("__cookie__:0a1b2c3d4e5f"));

            Assert.Equal(9, await Backend(node, o => (o.UserName, o.Password, o.CookieFile) = (null, null, cookie)).GetBlockHeightAsync());
        }
        finally
        {
            File.Delete(cookie);
        }
    }

    [Fact]
    public async Task GetBlockHeightAsync_NodeRestartedWithANewCookie_RereadsTheCookieAndSucceeds()
    {
        var cookie = Path.Combine(Path.GetTempPath(), $"dash-{Guid.NewGuid():N}.cookie");
        await File.WriteAllTextAsync(cookie, "__cookie__:old");
        try
        {
            var current = "__cookie__:old";
            await using var node = FakeDashCoreNode.StartWithAuthorization((_, _) => RpcReply.Result("9"), () => FakeDashCoreNode.Basic(current));
            var backend = Backend(node, o => (o.UserName, o.Password, o.CookieFile) = (null, null, cookie));
            Assert.Equal(9, await backend.GetBlockHeightAsync());

            current = "__cookie__:new";
            await File.WriteAllTextAsync(cookie, current);

            Assert.Equal(9, await backend.GetBlockHeightAsync());
            Assert.Equal(3, node.Server.RequestCount);
        }
        finally
        {
            File.Delete(cookie);
        }
    }

    [Fact]
    public async Task GetBlockHeightAsync_CookieFileMissing_IsUnavailable()
    {
        await using var node = FakeDashCoreNode.Start((_, _) => RpcReply.Result("9"));
        var missing = Path.Combine(Path.GetTempPath(), $"dash-{Guid.NewGuid():N}.cookie");

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => Backend(node, o => (o.UserName, o.Password, o.CookieFile, o.MaxRetryAttempts) = (null, null, missing, 0)).GetBlockHeightAsync());

        Assert.Contains("cookie", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, node.Server.RequestCount);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new DashCoreRpcBackend(new DashCoreRpcBackendOptions(), TestChain.Http));

        Assert.Equal(3, ex.Failures.Count());
    }

    internal static DashCoreRpcBackend Backend(FakeDashCoreNode node, Action<DashCoreRpcBackendOptions>? configure = null, ILoggerFactory? logs = null)
    {
        var options = new DashCoreRpcBackendOptions
        {
            ChainId = TestChain.DashMainnet,
            Url = node.Url,
            UserName = "settle",
            Password = Password,
            MaxRetryAttempts = 2,
            RetryBaseDelay = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return new DashCoreRpcBackend(options, TestChain.Http, new RecordingTimeProvider(), logs);
    }
}
