using System.Collections.Concurrent;
using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Rpc;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Ethereum.Receipts;

/// <summary>
/// Reads where a transaction stands, reorg-aware: included only while the canonical block at the receipt's height has
/// the receipt's block hash; final after <c>confirmations</c> blocks (its own included); an included transaction that
/// disappears is reported (log and counter) and falls back to pending (back in the mempool), conflicted (the nonce was
/// used by another transaction) or dropped (may be re-sent with the same bytes). With <c>useFinalizedTag</c>, final
/// means at or below the node's <c>finalized</c> block instead (falling back to confirmations when the node has no such tag).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class TransactionStatusReader(EthereumRpcClient rpc, int confirmations, bool useFinalizedTag, ILogger logger)
{
    private readonly ConcurrentDictionary<ChainTransactionId, (long Number, string Hash)> _included = new();
    private readonly string _chainText = rpc.ChainId.ToString();

    /// <summary>Reads the status of <paramref name="id"/>.</summary>
    /// <param name="id">The transaction.</param>
    /// <param name="sender">Its sender.</param>
    /// <param name="nonce">Its nonce.</param>
    /// <param name="siblings">Other transactions we signed at the same nonce (replacements), to name the winner.</param>
    /// <param name="submittedHere">Whether it was submitted (so an unknown transaction is dropped rather than never seen).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public async Task<SettlementStatus> ReadAsync(
        ChainTransactionId id, EthereumAddress sender, ulong nonce, IReadOnlyList<ChainTransactionId> siblings, bool submittedHere, CancellationToken cancellationToken)
    {
        var answers = await rpc.SendBatchAsync(
        [
            RpcRequest.Create("eth_getTransactionReceipt", id.Value),
            RpcRequest.Create("eth_blockNumber"),
            RpcRequest.Create("eth_getTransactionByHash", id.Value),
            RpcRequest.Create("eth_getTransactionCount", sender.ToString(), "latest"),
            RpcRequest.Create("eth_getBlockByNumber", useFinalizedTag ? "finalized" : "latest", false),
        ], cancellationToken).ConfigureAwait(false);
        var receipt = Value(answers[0], "eth_getTransactionReceipt");
        var head = (long)HexQuantity.ParseUInt64(Value(answers[1], "eth_blockNumber").GetString());
        var transaction = Value(answers[2], "eth_getTransactionByHash");
        var latestCount = HexQuantity.ParseUInt64(Value(answers[3], "eth_getTransactionCount").GetString());

        if (receipt.ValueKind == JsonValueKind.Object)
        {
            var blockNumber = (long)HexQuantity.ParseUInt64(receipt.GetProperty("blockNumber").GetString());
            var blockHash = receipt.GetProperty("blockHash").GetString() ?? string.Empty;

            // Re-check by block hash: a node mid-reorg may still serve a receipt from a block no longer canonical.
            var block = await rpc.SendAsync("eth_getBlockByNumber", cancellationToken, HexQuantity.Format((ulong)blockNumber), false).ConfigureAwait(false);
            var canonical = block.ValueKind == JsonValueKind.Object ? block.GetProperty("hash").GetString() : null;
            if (!string.Equals(canonical, blockHash, StringComparison.OrdinalIgnoreCase))
            {
                return Removed(id, submittedHere, transaction, latestCount, nonce, null, $"the receipt's block {blockHash} at height {blockNumber} is no longer canonical");
            }

            if (_included.TryGetValue(id, out var seen) && !string.Equals(seen.Hash, blockHash, StringComparison.OrdinalIgnoreCase))
            {
                NoteReorg(id, seen, "re-included");
            }

            _included[id] = (blockNumber, blockHash);
            var depth = (int)Math.Max(0, head - blockNumber + 1);
            var reverted = receipt.TryGetProperty("status", out var status) && status.GetString() == "0x0";
            if (reverted)
            {
                return new SettlementStatus
                {
                    State = SettlementState.Failed,
                    TransactionId = id,
                    Confirmations = depth,
                    BlockHash = blockHash,
                    BlockNumber = (ulong)blockNumber,
                    Detail = $"Included in block {blockNumber} but reverted (receipt status 0): nothing was paid; the nonce is used.",
                };
            }

            long? finalizedHeight = null;
            if (useFinalizedTag && answers[4].Error is null && answers[4].Result.ValueKind == JsonValueKind.Object)
            {
                finalizedHeight = (long)HexQuantity.ParseUInt64(answers[4].Result.GetProperty("number").GetString());
            }

            var final = finalizedHeight is { } finalized ? blockNumber <= finalized : depth >= confirmations;
            if (final)
            {
                Log.Final(logger, id.Value, _chainText, blockNumber, depth);
            }

            return new SettlementStatus
            {
                State = final ? SettlementState.Final : SettlementState.Included,
                TransactionId = id,
                Confirmations = depth,
                BlockHash = blockHash,
                BlockNumber = (ulong)blockNumber,
                Detail = finalizedHeight is { } f
                    ? (final ? $"Final: at or below the finalized block {f}." : $"Included: block {blockNumber} is above the finalized block {f}.")
                    : (final ? $"Final: {depth} of {confirmations} confirmations." : $"Included: {depth} of {confirmations} confirmations."),
            };
        }

        ChainTransactionId? replacedBy = null;
        if (latestCount > nonce && siblings.Count > 0)
        {
            var receipts = await rpc.SendBatchAsync(siblings.Select(s => RpcRequest.Create("eth_getTransactionReceipt", s.Value)).ToArray(), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < siblings.Count; i++)
            {
                if (receipts[i].Error is null && !receipts[i].IsNull)
                {
                    replacedBy = siblings[i];
                    break;
                }
            }
        }

        return Removed(id, submittedHere, transaction, latestCount, nonce, replacedBy, reason: null);
    }

    private SettlementStatus Removed(ChainTransactionId id, bool submittedHere, JsonElement transaction, ulong latestCount, ulong nonce, ChainTransactionId? replacedBy, string? reason)
    {
        var pending = transaction.ValueKind == JsonValueKind.Object;
        SettlementState state;
        string detail;
        if (pending)
        {
            state = SettlementState.Pending;
            detail = "In the node's mempool, not in a block.";
        }
        else if (latestCount > nonce)
        {
            state = SettlementState.Conflicted;
            detail = replacedBy is { } winner
                ? $"Nonce {nonce} was used by replacement {winner}."
                : $"Nonce {nonce} was used by another transaction (the account's mined count is {latestCount}) without this one: replaced.";
        }
        else
        {
            var seen = _included.ContainsKey(id);
            state = submittedHere || seen ? SettlementState.Dropped : SettlementState.Unknown;
            detail = state == SettlementState.Dropped
                ? $"Not in a block nor in the mempool, and nonce {nonce} is still free: re-send the same bytes."
                : "Never seen by the node (not submitted yet?).";
        }

        if (reason is not null)
        {
            detail = $"{detail} ({reason})";
        }

        if (_included.TryRemove(id, out var was))
        {
            NoteReorg(id, was, state.ToString());
        }

        return new SettlementStatus { State = state, TransactionId = id, ReplacedBy = replacedBy, Detail = detail };
    }

    private void NoteReorg(ChainTransactionId id, (long Number, string Hash) was, string now)
    {
        EthereumTelemetry.Reorgs.Add(1, new KeyValuePair<string, object?>("chain.id", _chainText));
        Log.ReorgedOut(logger, id.Value, _chainText, was.Number, was.Hash, now);
    }

    private JsonElement Value(RpcResult result, string method) =>
        result.Error is { } error ? throw RpcErrorClassifier.ToException(rpc.ChainId, method, error) : result.Result;
}
