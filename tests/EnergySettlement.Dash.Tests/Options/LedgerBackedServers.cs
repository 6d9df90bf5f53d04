using System.Globalization;
using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Tests.Backends.DashCore;
using EnergySettlement.Dash.Tests.Backends.Http;
using EnergySettlement.Dash.Tests.Ledger;

namespace EnergySettlement.Dash.Tests.Options;

/// <summary>
/// In-process HTTP servers on 127.0.0.1 that speak the documented Dash Core JSON-RPC, Insight and BlockCypher shapes (as
/// the backend tests' fakes do) over one <see cref="InMemoryUtxoLedger"/>, which checks every broadcast as a node would:
/// a provider wired through <c>AddDash</c> settles real signed transactions against them.
/// </summary>
internal static class LedgerBackedServers
{
    public const string RpcUser = "settle";
    public const string RpcPassword = "s3cret-Pa55";

    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>A Dash Core node (basic auth <see cref="RpcUser"/>:<see cref="RpcPassword"/>) over the ledger.</summary>
    public static FakeDashCoreNode DashCore(InMemoryUtxoLedger ledger) => FakeDashCoreNode.Start((method, parameters) => method switch
    {
        "getaddressutxos" => RpcReply.Result(Json(Coins(ledger, parameters[0].GetProperty("addresses")[0].GetString()!)
            .Where(c => c.Height is not null)
            .Select(c => new Dictionary<string, object?>
            {
                ["address"] = c.Address,
                ["txid"] = c.OutPoint.TransactionId.Value,
                ["outputIndex"] = c.OutPoint.Index,
                ["script"] = Convert.ToHexStringLower(c.ScriptPubKey.Span),
                ["satoshis"] = c.Value,
                ["height"] = c.Height,
            }))),
        "getaddressmempool" => RpcReply.Result("[]"),
        "getblockcount" => RpcReply.Result(ledger.Height.ToString(CultureInfo.InvariantCulture)),
        "sendrawtransaction" => Send(ledger, parameters[0].GetString()!),
        "getrawtransaction" => Status(ledger, parameters[0].GetString()!) is { IsKnown: true } status
            ? RpcReply.Result(Json(new Dictionary<string, object?>
            {
                ["txid"] = parameters[0].GetString(),
                ["confirmations"] = status.BlockHeight is null ? null : status.Confirmations,
                ["blockhash"] = status.BlockHash,
                ["height"] = status.BlockHeight,
                ["instantlock"] = status.IsInstantLocked || status.IsChainLocked,
                ["instantlock_internal"] = status.IsInstantLocked,
                ["chainlock"] = status.IsChainLocked,
            }))
            : RpcReply.Error(-5, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."),
        "gettxout" => ledger.IsUnspent(new OutPoint(new ChainTransactionId(parameters[0].GetString()!), parameters[1].GetUInt32()))
            ? RpcReply.Result("""{"bestblock":"00","confirmations":1,"value":0.001,"scriptPubKey":{"hex":"","type":"pubkeyhash"},"coinbase":false}""")
            : RpcReply.Result("null"),
        _ => RpcReply.Error(-32601, "Method not found"),
    }, RpcUser, RpcPassword);

    /// <summary>An Insight API at <c>/insight-api/</c> over the ledger.</summary>
    public static LoopbackHttpServer Insight(InMemoryUtxoLedger ledger) => LoopbackHttpServer.Start(request =>
    {
        var path = request.Path;
        if (request.Method == "GET" && path.StartsWith("/insight-api/addr/", StringComparison.Ordinal) && path.EndsWith("/utxo", StringComparison.Ordinal))
        {
            var address = path["/insight-api/addr/".Length..^"/utxo".Length];
            return LoopbackResponse.Json(Json(Coins(ledger, address).Select(c => new Dictionary<string, object?>
            {
                ["address"] = c.Address,
                ["txid"] = c.OutPoint.TransactionId.Value,
                ["vout"] = c.OutPoint.Index,
                ["scriptPubKey"] = Convert.ToHexStringLower(c.ScriptPubKey.Span),
                ["satoshis"] = c.Value,
                ["height"] = c.Height,
                ["confirmations"] = c.Confirmations,
            })));
        }

        if (request.Method == "POST" && path == "/insight-api/tx/send")
        {
            var form = request.BodyText.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
            try
            {
                var raw = Convert.FromHexString(form["rawtx"]);
                ledger.BroadcastAsync(raw).GetAwaiter().GetResult();
                return LoopbackResponse.Json(Json(new Dictionary<string, object?> { ["txid"] = TestChain.TxidOf(raw) }));
            }
            catch (TransactionRejectedException ex)
            {
                return LoopbackResponse.Text($"{ex.Message}. Code:-26", 400);
            }
        }

        if (request.Method == "GET" && path.StartsWith("/insight-api/tx/", StringComparison.Ordinal))
        {
            var txid = path["/insight-api/tx/".Length..];
            var status = Status(ledger, txid);
            if (!status.IsKnown)
            {
                return LoopbackResponse.Text("Not found", 404);
            }

            var outputs = ledger.Transaction(new ChainTransactionId(txid)).Outputs.Select((_, i) =>
                new Dictionary<string, object?> { ["n"] = i, ["spentTxId"] = SpenderOf(ledger, txid, (uint)i) });
            return LoopbackResponse.Json(Json(new Dictionary<string, object?>
            {
                ["txid"] = txid,
                ["blockheight"] = status.BlockHeight ?? -1,
                ["blockhash"] = status.BlockHash,
                ["confirmations"] = status.Confirmations,
                ["txlock"] = status.IsInstantLocked,
                ["vout"] = outputs,
            }));
        }

        return LoopbackResponse.Json("""{"status":404,"url":"unknown","error":"Not found"}""", 404);
    });

    /// <summary>BlockCypher's API at <c>/v1/dash/main/</c> over the ledger (it reports no InstantSend lock or ChainLock).</summary>
    public static LoopbackHttpServer BlockCypher(InMemoryUtxoLedger ledger) => LoopbackHttpServer.Start(request =>
    {
        const string Prefix = "/v1/dash/main/";
        var path = request.Path;
        if (request.Method == "GET" && path.StartsWith(Prefix + "addrs/", StringComparison.Ordinal))
        {
            var address = path[(Prefix + "addrs/").Length..];
            var coins = Coins(ledger, address);
            object Reference(UnspentOutputView c) => new Dictionary<string, object?>
            {
                ["tx_hash"] = c.OutPoint.TransactionId.Value,
                ["block_height"] = c.Height ?? -1,
                ["tx_input_n"] = -1,
                ["tx_output_n"] = c.OutPoint.Index,
                ["value"] = c.Value,
                ["spent"] = false,
                ["confirmations"] = c.Confirmations,
                ["double_spend"] = false,
                ["script"] = Convert.ToHexStringLower(c.ScriptPubKey.Span),
            };
            return LoopbackResponse.Json(Json(new Dictionary<string, object?>
            {
                ["address"] = address,
                ["txrefs"] = coins.Where(c => c.Height is not null).Select(Reference),
                ["unconfirmed_txrefs"] = coins.Where(c => c.Height is null).Select(Reference),
                ["hasMore"] = false,
            }));
        }

        if (request.Method == "POST" && path == Prefix + "txs/push")
        {
            using var body = request.Json();
            var raw = Convert.FromHexString(body.RootElement.GetProperty("tx").GetString()!);
            try
            {
                ledger.BroadcastAsync(raw).GetAwaiter().GetResult();
                return LoopbackResponse.Json(Json(new Dictionary<string, object?> { ["tx"] = new Dictionary<string, object?> { ["hash"] = TestChain.TxidOf(raw), ["block_height"] = -1 } }), 201);
            }
            catch (TransactionRejectedException ex)
            {
                return LoopbackResponse.Json(Json(new Dictionary<string, object?> { ["error"] = ex.Message }), 400);
            }
        }

        if (request.Method == "GET" && path.StartsWith(Prefix + "txs/", StringComparison.Ordinal))
        {
            var txid = path[(Prefix + "txs/").Length..];
            var status = Status(ledger, txid);
            if (!status.IsKnown)
            {
                return LoopbackResponse.Json(Json(new Dictionary<string, object?> { ["error"] = $"Transaction {txid} not found." }), 404);
            }

            var start = request.Query.TryGetValue("outstart", out var text) ? uint.Parse(text, CultureInfo.InvariantCulture) : 0u;
            var count = ledger.Transaction(new ChainTransactionId(txid)).Outputs.Count;
            return LoopbackResponse.Json(Json(new Dictionary<string, object?>
            {
                ["hash"] = txid,
                ["block_height"] = status.BlockHeight ?? -1,
                ["block_hash"] = status.BlockHash,
                ["confirmations"] = status.Confirmations,
                ["double_spend"] = false,
                ["vout_sz"] = count,
                ["outputs"] = start < count ? new[] { new Dictionary<string, object?> { ["spent_by"] = SpenderOf(ledger, txid, start) } } : Array.Empty<Dictionary<string, object?>>(),
            }));
        }

        return LoopbackResponse.Json("""{"error":"Not found"}""", 404);
    });

    private static RpcReply Send(InMemoryUtxoLedger ledger, string hex)
    {
        try
        {
            var raw = Convert.FromHexString(hex);
            ledger.BroadcastAsync(raw).GetAwaiter().GetResult();
            return RpcReply.Result(Json(TestChain.TxidOf(raw)));
        }
        catch (TransactionRejectedException ex)
        {
            return RpcReply.Error(-26, ex.Message);
        }
    }

    private static UtxoTransactionStatus Status(InMemoryUtxoLedger ledger, string txid) =>
        ledger.GetTransactionStatusAsync(new ChainTransactionId(txid)).GetAwaiter().GetResult();

    private static string? SpenderOf(InMemoryUtxoLedger ledger, string txid, uint index) =>
        ledger.GetSpendAsync(new OutPoint(new ChainTransactionId(txid), index)).GetAwaiter().GetResult().SpentBy?.Value;

    private static List<UnspentOutputView> Coins(InMemoryUtxoLedger ledger, string address) =>
        [.. ledger.GetUnspentOutputsAsync(address).GetAwaiter().GetResult().Select(c => new UnspentOutputView(c.OutPoint, c.Address, c.Value, c.ScriptPubKey, c.Height, c.Confirmations))];

    /// <summary>Serialises an answer, leaving out absent fields as the APIs do (a mempool transaction has no block hash).</summary>
    private static string Json(object? value) => JsonSerializer.Serialize(value, WithoutNulls);

    private sealed record UnspentOutputView(OutPoint OutPoint, string Address, long Value, ReadOnlyMemory<byte> ScriptPubKey, long? Height, int Confirmations);
}
