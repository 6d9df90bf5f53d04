using EnergySettlement.Chains;
using EnergySettlement.Coins;

namespace EnergySettlement.Dash.Backends;

/// <summary>
/// What the UTXO core needs from a node or an indexing API: the coins of an address, broadcasting signed bytes, where a
/// transaction stands, whether an output is spent, fee rates and the chain's height. Dash Core JSON-RPC, Insight and
/// BlockCypher implement it; another Bitcoin-family chain reuses them or adds its own.
/// </summary>
/// <remarks>
/// <para>Amounts are in the chain's smallest unit (duffs on Dash). Errors are the SDK's typed exceptions:
/// <see cref="ChainUnavailableException"/> for anything worth retrying later (unreachable, timeout, HTTP 5xx, HTTP 429
/// rate limit), <see cref="TransactionRejectedException"/> for a definite refusal of a broadcast (with the node's code in
/// <see cref="ChainRequestException.ErrorCode"/>), <see cref="ChainRequestException"/> for other definite failures (a
/// malformed answer, an API that refuses the request). Never a raw <see cref="HttpRequestException"/>.</para>
/// <para>Implementations are thread-safe, honour cancellation, and never log credentials or API tokens.</para>
/// </remarks>
public interface IUtxoBackend
{
    /// <summary>Gets a short name for logs and metrics (for example <c>dash-core</c>, <c>insight</c>, <c>blockcypher</c>).</summary>
    string Name { get; }

    /// <summary>Lists the unspent outputs of an address, confirmed and in the mempool.</summary>
    /// <param name="address">The address (Base58Check, as the chain writes it).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The unspent outputs, in the backend's order.</returns>
    Task<IReadOnlyList<UnspentOutput>> GetUnspentOutputsAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Broadcasts a signed transaction. A node that already has it (mempool or chain) is
    /// <see cref="SubmissionResult.AlreadyKnown"/>, not an error.</summary>
    /// <param name="rawTransaction">The serialised transaction.</param>
    /// <param name="cancellationToken">Cancels the request (it may still have reached the node).</param>
    /// <returns>Accepted now, or already known.</returns>
    Task<SubmissionResult> BroadcastAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default);

    /// <summary>Reports where a transaction stands: unknown, in the mempool, or in a block, with its locks.</summary>
    /// <param name="transactionId">The transaction id (byte-reversed hex, as explorers show it).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status; <see cref="UtxoTransactionStatus.IsKnown"/> is <see langword="false"/> when the backend has never
    /// seen the transaction or no longer has it.</returns>
    Task<UtxoTransactionStatus> GetTransactionStatusAsync(ChainTransactionId transactionId, CancellationToken cancellationToken = default);

    /// <summary>Tells whether an output is spent (in a block or in the mempool), and by which transaction when the backend knows.</summary>
    /// <param name="outPoint">The output.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The output's spend state.</returns>
    Task<OutputSpend> GetSpendAsync(OutPoint outPoint, CancellationToken cancellationToken = default);

    /// <summary>Estimates the fee rate for inclusion within <paramref name="targetBlocks"/> blocks.</summary>
    /// <param name="targetBlocks">The confirmation target, in blocks (1 or more).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The rate in smallest units per 1,000 bytes, or <see langword="null"/> when the backend has no estimate
    /// (a fresh regtest node, an API without fee data); the caller then uses the network's minimum relay fee.</returns>
    Task<long?> EstimateFeeRateAsync(int targetBlocks, CancellationToken cancellationToken = default);

    /// <summary>Gets the height of the backend's best block.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The height.</returns>
    Task<long> GetBlockHeightAsync(CancellationToken cancellationToken = default);
}
