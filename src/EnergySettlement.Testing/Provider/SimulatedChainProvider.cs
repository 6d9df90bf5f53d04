using System.Globalization;
using System.Text;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>
/// A <see cref="ChainSettlementProvider"/> that settles on a <see cref="SimulatedChain"/>: hosts use it to test their
/// integration without a node, and the settlement pipeline's tests use it with injected faults.
/// </summary>
/// <remarks>
/// <para><see cref="ChainSettlementProvider.PrepareAsync"/> builds the canonical transaction bytes (batch id, payer, asset, payouts, fee,
/// sequence); the transaction id is their SHA-256, so preparing the same batch on the same chain state gives the same
/// transaction. Preparing a batch again is idempotent: a batch already settled on the chain gives the transaction that
/// settled it; otherwise the transaction prepared before is returned while it can still be included; when its fee has
/// fallen below the required fee (a fee spike) the new preparation replaces it at the same sequence with the current fee;
/// when its sequence was taken by another transaction it gets a new sequence.</para>
/// <para>A new transaction takes the payer's lowest sequence that no transaction in the chain, no pending transaction and
/// no other live transaction this provider prepared uses (the provider's preparations are kept in memory; a new provider
/// instance starts from the chain's view).</para>
/// <para>Thread-safe: every call takes the chain's lock.</para>
/// </remarks>
public sealed class SimulatedChainProvider : ChainSettlementProvider
{
    private readonly Dictionary<SettlementBatchId, SimulatedTransaction> _prepared = [];
    private readonly List<ChainTransactionId> _released = [];

    /// <summary>Creates a provider over a chain.</summary>
    /// <param name="chain">The simulated chain.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> is <see langword="null"/>.</exception>
    public SimulatedChainProvider(SimulatedChain chain)
        : base((chain ?? throw new ArgumentNullException(nameof(chain))).ChainId)
    {
        Chain = chain;
    }

    /// <summary>Gets the chain the provider settles on, to fund accounts, mine blocks and inject faults.</summary>
    public SimulatedChain Chain { get; }

    /// <inheritdoc />
    public override ChainCapabilities Capabilities => Chain.Rules.Capabilities;

    /// <inheritdoc />
    /// <value>Always <see langword="true"/>.</value>
    public override bool CanQueryBalance => true;

    /// <summary>
    /// Quotes the fee of a batch at the current fee level (the base fee plus the fee per payout, times any fee spike) and
    /// says whether it fits (payout count, memo bytes).
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The quote.</returns>
    /// <exception cref="ArgumentException">The batch is for another chain or an asset the chain does not carry.</exception>
    /// <exception cref="ChainUnavailableException">The node is unreachable (an injected fault).</exception>
    protected override Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (Chain.SyncRoot)
        {
            Chain.Faults.ThrowIfUnreachable("quote");
            var reason = WhyNotFits(batch);
            return Task.FromResult(new FeeQuote
            {
                EstimatedFee = Chain.RequiredFee(batch.Payouts.Count),
                Fits = reason is null,
                Reason = reason,
            });
        }
    }

    /// <summary>Builds the transaction that pays <paramref name="batch"/>; sends nothing. See the class remarks for sequences and re-preparation.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The prepared transaction; its <see cref="PreparedTransaction.MaxFee"/> is the fee it pays when included.</returns>
    /// <exception cref="ArgumentException">The batch is for another chain or asset, does not fit one transaction, or reuses
    /// a batch id already prepared with other payer, asset or payouts.</exception>
    /// <exception cref="InvalidAddressException">The payer's or a payee's address breaks the simulated address rule.</exception>
    /// <exception cref="ChainUnavailableException">The node is unreachable (an injected fault).</exception>
    protected override Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        if (WhyNotFits(batch) is { } reason)
        {
            throw new ArgumentException($"The batch {batch.Id} does not fit one transaction: {reason}", nameof(batch));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (Chain.SyncRoot)
        {
            Chain.Faults.ThrowIfUnreachable("prepare");
            var fee = Chain.RequiredFee(batch.Payouts.Count);
            if (Chain.Rules.EnforceUniqueBatchIds && Chain.SettlementOf(batch.Id) is { } settlement)
            {
                if (!SameContent(settlement, batch))
                {
                    throw new ArgumentException(
                        $"The batch id {batch.Id} was already settled by {settlement.Id} with another payer, asset or payouts; a batch id must always name the same payments.",
                        nameof(batch));
                }

                return Task.FromResult(settlement.ToPrepared(ChainId));
            }

            ulong sequence;
            if (_prepared.TryGetValue(batch.Id, out var earlier) && !SameContent(earlier, batch))
            {
                throw new ArgumentException(
                    $"The batch id {batch.Id} was already prepared with another payer, asset or payouts; a batch id must always name the same payments.",
                    nameof(batch));
            }

            if (earlier is not null && Chain.IsSlotFree(earlier.Payer, earlier.Sequence, except: earlier.Id))
            {
                // Still usable: keep it, or replace it at the same sequence when fees rose above what it pays.
                if (earlier.Fee >= fee)
                {
                    return Task.FromResult(earlier.ToPrepared(ChainId));
                }

                sequence = earlier.Sequence;
            }
            else
            {
                sequence = FreeSequence(batch.Payer, batch.Id);
            }

            var raw = TransactionCodec.Encode(ChainId, batch.Id, batch.Payer, batch.Asset, batch.Payouts, fee.Amount, sequence);
            var tx = new SimulatedTransaction(batch.Id, batch.Payer, batch.Asset, batch.Payouts, fee, sequence, raw);
            _prepared[batch.Id] = tx;
            return Task.FromResult(tx.ToPrepared(ChainId));
        }
    }

    /// <summary>
    /// Broadcasts the prepared bytes to the simulated node. Idempotent: a transaction already pending or in the chain
    /// returns <see cref="SubmissionResult.AlreadyKnown"/>; a dropped one is accepted again.
    /// </summary>
    /// <param name="transaction">A transaction from <see cref="ChainSettlementProvider.PrepareAsync"/>, possibly read back from a journal.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether the node accepted it now or already knew it.</returns>
    /// <exception cref="ArgumentException">The transaction is for another chain, or its id is not the hash of its bytes.</exception>
    /// <exception cref="TransactionRejectedException">The node refused it: error code <c>malformed</c>,
    /// <c>batch-already-settled</c>, <c>sequence-used</c>, <c>replacement-underpriced</c>, or an injected code.</exception>
    /// <exception cref="InsufficientFundsException">The payer cannot cover the payouts and fee, counting its other pending transactions.</exception>
    /// <exception cref="ChainUnavailableException">The node is unreachable, or the request timed out after the node accepted
    /// the transaction (injected faults; the inner exception is then a <see cref="TimeoutException"/>).</exception>
    protected override Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        if (TransactionCodec.ComputeId(transaction.RawTransaction.Span) != transaction.TransactionId)
        {
            throw new ArgumentException($"The transaction id {transaction.TransactionId} is not the hash of the transaction's bytes.", nameof(transaction));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var tx = TransactionCodec.TryDecode(Chain.Rules, transaction.RawTransaction.Span, out var reason)
            ?? throw new TransactionRejectedException(ChainId, "malformed", $"The simulated node cannot decode {transaction.TransactionId}: {reason}");
        return Task.FromResult(Chain.Submit(tx));
    }

    /// <summary>
    /// Reports the transaction's state: Unknown (never seen), Pending (in the mempool; the detail says why it waits),
    /// Included (with confirmations = tip height − block height + 1), Final (at least the configured confirmations),
    /// Dropped (left the mempool, not in the chain), or Conflicted (its sequence or batch was taken by another transaction,
    /// or it was replaced at the same sequence; <see cref="SettlementStatus.ReplacedBy"/> names the other).
    /// </summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentException">The transaction is for another chain.</exception>
    /// <exception cref="ChainUnavailableException">The node is unreachable (an injected fault).</exception>
    protected override Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Chain.GetStatus(transaction.TransactionId));
    }

    /// <inheritdoc />
    /// <value>Always <see langword="true"/>: a stuck transaction is replaced at the same sequence with a higher fee.</value>
    public override bool CanAccelerate => true;

    /// <summary>Gets the transactions released through <see cref="ChainSettlementProvider.ReleaseAsync"/>, in order.</summary>
    public IReadOnlyList<ChainTransactionId> Released
    {
        get
        {
            lock (Chain.SyncRoot)
            {
                return _released.ToArray();
            }
        }
    }

    /// <summary>
    /// Builds a fee-bumped replacement of a stuck transaction (<see cref="AccelerationKind.Replacement"/>): the same batch,
    /// payer, asset, payouts and sequence, with a fee of at least the current required fee and at least 12.5 % (rounded up,
    /// and at least one unit) above the stuck one's, so the node accepts it in the stuck one's place. Sends nothing; the
    /// replacement is what a new preparation of the batch returns from now on.
    /// </summary>
    /// <param name="stuck">A transaction of this chain (possibly read back from a journal).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The replacement.</returns>
    /// <exception cref="ArgumentException">The bytes are not a transaction of this chain, or its id is not their hash.</exception>
    /// <exception cref="ChainUnavailableException">The node is unreachable (an injected fault).</exception>
    protected override Task<Acceleration> AccelerateCoreAsync(PreparedTransaction stuck, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var old = Decode(stuck);
        lock (Chain.SyncRoot)
        {
            Chain.Faults.ThrowIfUnreachable("accelerate");
            var bumped = checked(old.Fee.Amount + Int128.Max(1, IntegerDivision.Divide(old.Fee.Amount, 8, RoundingMode.Ceiling)));
            var fee = Int128.Max(bumped, Chain.RequiredFee(old.Payouts.Count).Amount);
            var raw = TransactionCodec.Encode(ChainId, old.BatchId, old.Payer, old.Asset, old.Payouts, fee, old.Sequence);
            var replacement = new SimulatedTransaction(old.BatchId, old.Payer, old.Asset, old.Payouts, new Money(fee, Chain.NativeAsset), old.Sequence, raw);
            _prepared[old.BatchId] = replacement;
            return Task.FromResult(new Acceleration
            {
                Transaction = replacement.ToPrepared(ChainId),
                Kind = AccelerationKind.Replacement,
                Accelerates = stuck.TransactionId,
            });
        }
    }

    /// <summary>
    /// Forgets a dead transaction: when it is the batch's current preparation, the next preparation builds a new one
    /// (at a free sequence, with the current fee). Recorded in <see cref="Released"/>.
    /// </summary>
    /// <param name="dead">The dead transaction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A completed task.</returns>
    protected override Task ReleaseCoreAsync(PreparedTransaction dead, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (Chain.SyncRoot)
        {
            if (_prepared.TryGetValue(dead.BatchId, out var current) && current.Id == dead.TransactionId)
            {
                _prepared.Remove(dead.BatchId);
            }

            _released.Add(dead.TransactionId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Returns an account's balance of an asset as of the chain's tip.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The balance.</returns>
    /// <exception cref="ArgumentException">The account is on another chain or the asset is not carried.</exception>
    /// <exception cref="ChainUnavailableException">The node is unreachable (an injected fault).</exception>
    protected override Task<Money> GetBalanceCoreAsync(SettlementAccount account, Asset asset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (Chain.SyncRoot)
        {
            Chain.Faults.ThrowIfUnreachable("balance");
            return Task.FromResult(Chain.GetBalance(account, asset));
        }
    }

    /// <summary>Applies the simulated chain's address rule (see <see cref="SimulatedChain.IsValidAddress"/>).</summary>
    /// <param name="address">The address.</param>
    /// <param name="reason">Why it is invalid, when it is.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    protected override bool IsValidAddress(string address, out string reason) => SimulatedChain.IsValidAddress(address, out reason);

    private SimulatedTransaction Decode(PreparedTransaction transaction)
    {
        if (TransactionCodec.ComputeId(transaction.RawTransaction.Span) != transaction.TransactionId)
        {
            throw new ArgumentException($"The transaction id {transaction.TransactionId} is not the hash of the transaction's bytes.", nameof(transaction));
        }

        return TransactionCodec.TryDecode(Chain.Rules, transaction.RawTransaction.Span, out var reason)
            ?? throw new ArgumentException($"{transaction.TransactionId} is not a transaction of {ChainId}: {reason}", nameof(transaction));
    }

    private static bool SameContent(SimulatedTransaction earlier, SettlementBatch batch) =>
        earlier.Payer == batch.Payer && earlier.Asset == batch.Asset && earlier.Payouts.SequenceEqual(batch.Payouts);

    /// <summary>The payer's lowest sequence free on the chain and not held by another live preparation of this provider.</summary>
    private ulong FreeSequence(SettlementAccount payer, SettlementBatchId forBatch)
    {
        var held = new HashSet<ulong>();
        foreach (var (batchId, tx) in _prepared)
        {
            if (batchId != forBatch && tx.Payer == payer && Chain.IsSlotFree(payer, tx.Sequence, except: tx.Id))
            {
                held.Add(tx.Sequence);
            }
        }

        ulong sequence = 0;
        while (held.Contains(sequence) || !Chain.IsSlotFree(payer, sequence))
        {
            sequence++;
        }

        return sequence;
    }

    private string? WhyNotFits(SettlementBatch batch)
    {
        var rules = Chain.Rules;
        if (batch.Payouts.Count > rules.MaxPayoutsPerTransaction)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{batch.Payouts.Count} payouts, but a transaction carries at most {rules.MaxPayoutsPerTransaction}.");
        }

        var memo = batch.Payouts.Sum(p => p.Reference is null ? 0 : Encoding.UTF8.GetByteCount(p.Reference));
        return memo > rules.MaxMemoBytes
            ? string.Create(CultureInfo.InvariantCulture, $"the references take {memo} memo bytes, but a transaction carries at most {rules.MaxMemoBytes}.")
            : null;
    }
}
