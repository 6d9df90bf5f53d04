namespace EnergySettlement.Chains;

/// <summary>
/// The contract a chain adapter derives from: given a <see cref="SettlementBatch"/> of payouts on its chain, get them
/// paid exactly once. The pipeline calls, journaling between calls: <see cref="QuoteAsync"/> → <see cref="PrepareAsync"/>
/// (build and sign; nothing sent) → <see cref="SubmitAsync"/> (idempotent broadcast) → <see cref="GetStatusAsync"/>
/// until final; and, for a transaction that waits too long, <see cref="AccelerateAsync"/> where
/// <see cref="CanAccelerate"/>, or <see cref="ReleaseAsync"/> once it is provably dead.
/// </summary>
/// <remarks>
/// <para>Each public call first checks its arguments here — the batch's chain and asset, the payer's and every payee's
/// address (<see cref="IsValidAddress"/>), that this provider can sign for the payer (<see cref="CanPayFrom"/>), the
/// transaction's chain — and only then runs the adapter's core (<see cref="QuoteCoreAsync"/>,
/// <see cref="PrepareCoreAsync"/>, …). An adapter implements the cores and <see cref="Capabilities"/>; everything else is
/// virtual with a safe default, so members can be added later without breaking third-party adapters.</para>
/// <para>Implementations must be thread-safe: the pipeline may quote, prepare and track several batches at once.</para>
/// <para>Errors: an unreachable node throws <see cref="ChainUnavailableException"/> (transient); a definite refusal
/// throws <see cref="TransactionRejectedException"/> or <see cref="InsufficientFundsException"/>; a batch for another
/// chain, asset or payer throws <see cref="ArgumentException"/>; an address the chain rejects throws
/// <see cref="InvalidAddressException"/>.</para>
/// </remarks>
public abstract class ChainSettlementProvider
{
    /// <summary>Creates a provider for one chain.</summary>
    /// <param name="chainId">The chain the provider settles on.</param>
    /// <exception cref="ArgumentException"><paramref name="chainId"/> is the default value.</exception>
    protected ChainSettlementProvider(ChainId chainId)
    {
        if (chainId == default)
        {
            throw new ArgumentException("A chain provider needs a chain id.", nameof(chainId));
        }

        ChainId = chainId;
    }

    /// <summary>Gets the chain the provider settles on.</summary>
    public ChainId ChainId { get; }

    /// <summary>Gets what the chain and adapter can do (assets, batch size, memo, finality, typical fee).</summary>
    public abstract ChainCapabilities Capabilities { get; }

    /// <summary>Gets whether <see cref="GetBalanceAsync"/> is supported.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public virtual bool CanQueryBalance => false;

    /// <summary>Gets whether <see cref="AccelerateAsync"/> can speed up a stuck transaction (a fee-bumped replacement, or a
    /// child that pays for its parent).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public virtual bool CanAccelerate => false;

    /// <summary>
    /// Estimates the fee of a batch and says whether it fits one transaction. Sends nothing. Checks the batch first (see
    /// the class remarks), then calls <see cref="QuoteCoreAsync"/>.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The quote.</returns>
    /// <exception cref="ArgumentException">The batch is for another chain, an unsupported asset or a payer this provider cannot sign for.</exception>
    /// <exception cref="InvalidAddressException">The payer's or a payee's address is not valid on this chain.</exception>
    public Task<FeeQuote> QuoteAsync(SettlementBatch batch, CancellationToken cancellationToken = default)
    {
        EnsureBatch(batch);
        return QuoteCoreAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Builds and signs the transaction that pays <paramref name="batch"/>. Sends nothing. Deterministic for the same
    /// batch and chain state, so that recovery can compare. Checks the batch first (see the class remarks), then calls
    /// <see cref="PrepareCoreAsync"/>.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The prepared transaction, to be journaled before <see cref="SubmitAsync"/>.</returns>
    /// <exception cref="ArgumentException">The batch is for another chain, an unsupported asset or a payer this provider cannot sign for.</exception>
    /// <exception cref="InvalidAddressException">The payer's or a payee's address is not valid on this chain.</exception>
    public Task<PreparedTransaction> PrepareAsync(SettlementBatch batch, CancellationToken cancellationToken = default)
    {
        EnsureBatch(batch);
        return PrepareCoreAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Broadcasts the prepared bytes. Idempotent: submitting the same prepared transaction again is harmless, and a node
    /// that already knows it yields <see cref="SubmissionResult.AlreadyKnown"/>.
    /// </summary>
    /// <param name="transaction">A transaction from <see cref="PrepareAsync"/> (possibly read back from the journal).</param>
    /// <param name="cancellationToken">Cancels the request. A cancelled submission may still have reached the node.</param>
    /// <returns>Whether the node accepted it now or already knew it.</returns>
    /// <exception cref="ArgumentException">The transaction is for another chain.</exception>
    public Task<SubmissionResult> SubmitAsync(PreparedTransaction transaction, CancellationToken cancellationToken = default)
    {
        EnsureTransaction(transaction);
        return SubmitCoreAsync(transaction, cancellationToken);
    }

    /// <summary>Reports where a prepared transaction stands: unknown, pending, included, final, dropped, conflicted or failed.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentException">The transaction is for another chain.</exception>
    public Task<SettlementStatus> GetStatusAsync(PreparedTransaction transaction, CancellationToken cancellationToken = default)
    {
        EnsureTransaction(transaction);
        return GetStatusCoreAsync(transaction, cancellationToken);
    }

    /// <summary>
    /// Builds and signs a transaction that gets a stuck one included sooner, when <see cref="CanAccelerate"/>: a
    /// replacement at the same sequence with a higher fee (account chains), or a child that spends the stuck one's change
    /// and pays for both (UTXO chains without replace-by-fee). Sends nothing: journal the result, then
    /// <see cref="SubmitAsync"/> it.
    /// </summary>
    /// <param name="stuck">A transaction this provider prepared (possibly read back from the journal).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The accelerating transaction and how it relates to the stuck one.</returns>
    /// <exception cref="ArgumentException">The transaction is for another chain, or not one this provider signed.</exception>
    /// <exception cref="NotSupportedException"><see cref="CanAccelerate"/> is <see langword="false"/>.</exception>
    public Task<Acceleration> AccelerateAsync(PreparedTransaction stuck, CancellationToken cancellationToken = default)
    {
        EnsureTransaction(stuck);
        return CanAccelerate
            ? AccelerateCoreAsync(stuck, cancellationToken)
            : throw new NotSupportedException($"The provider for {ChainId} cannot accelerate transactions; check {nameof(CanAccelerate)} first.");
    }

    /// <summary>
    /// Tells the provider that a transaction is provably dead (conflicted, failed, or dropped past the pipeline's
    /// timeout) and will never be sent again, so it frees what it held — reserved coins, for example — and a new
    /// preparation of the same batch builds a new transaction. The default does nothing.
    /// </summary>
    /// <param name="dead">The transaction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when what the transaction held is durably released.</returns>
    /// <exception cref="ArgumentException">The transaction is for another chain.</exception>
    public Task ReleaseAsync(PreparedTransaction dead, CancellationToken cancellationToken = default)
    {
        EnsureTransaction(dead);
        return ReleaseCoreAsync(dead, cancellationToken);
    }

    /// <summary>Returns the balance of an account in an asset, when <see cref="CanQueryBalance"/> is <see langword="true"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The balance.</returns>
    /// <exception cref="ArgumentException">The account is on another chain, or the asset is not one this provider carries.</exception>
    /// <exception cref="InvalidAddressException">The account's address is not valid on this chain.</exception>
    /// <exception cref="NotSupportedException">The adapter cannot query balances (<see cref="CanQueryBalance"/> is <see langword="false"/>).</exception>
    public Task<Money> GetBalanceAsync(SettlementAccount account, Asset asset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ValidateAddress(account);
        if (!Capabilities.Supports(asset))
        {
            throw new ArgumentException($"{asset} is not an asset of the provider for {ChainId}.", nameof(asset));
        }

        return CanQueryBalance
            ? GetBalanceCoreAsync(account, asset, cancellationToken)
            : throw new NotSupportedException($"The provider for {ChainId} cannot query balances; check {nameof(CanQueryBalance)} first.");
    }

    /// <summary>Checks that an account's address is valid on this chain; throws when it is not.</summary>
    /// <param name="account">The account.</param>
    /// <exception cref="ArgumentException">The account is on another chain or is the default value.</exception>
    /// <exception cref="InvalidAddressException">The address is not valid on this chain.</exception>
    public void ValidateAddress(SettlementAccount account)
    {
        if (account == default)
        {
            throw new ArgumentException("The account must be set.", nameof(account));
        }

        if (account.ChainId != ChainId)
        {
            throw new ArgumentException($"The account {account} is not on chain {ChainId}.", nameof(account));
        }

        if (!IsValidAddress(account.Address, out var reason))
        {
            throw new InvalidAddressException(account, reason);
        }
    }

    /// <summary>
    /// Whether this provider can sign payments from <paramref name="payer"/>. The registry uses it to find the provider
    /// for a batch when several providers (several paying accounts) share a chain.
    /// </summary>
    /// <param name="payer">The paying account, on this provider's chain.</param>
    /// <returns><see langword="true"/> when this provider can pay from the account.</returns>
    /// <value>The default accepts any account (a provider that holds no keys, such as a custodial ledger or a simulated chain);
    /// adapters that sign with their own keys override it.</value>
    public virtual bool CanPayFrom(SettlementAccount payer) => payer.ChainId == ChainId;

    /// <summary>The adapter's quote, called by <see cref="QuoteAsync"/> after the batch was checked.</summary>
    /// <param name="batch">The batch: on this chain, in a supported asset, from a payer this provider signs for, every address valid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The quote; <see cref="FeeQuote.Fits"/> is <see langword="false"/> (with a reason) when the batch needs more than one transaction.</returns>
    protected abstract Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken);

    /// <summary>The adapter's build-and-sign, called by <see cref="PrepareAsync"/> after the batch was checked.</summary>
    /// <param name="batch">The batch: on this chain, in a supported asset, from a payer this provider signs for, every address valid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The prepared transaction. Deterministic for the same batch and chain state.</returns>
    protected abstract Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken);

    /// <summary>The adapter's broadcast, called by <see cref="SubmitAsync"/> for a transaction of this chain.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns><see cref="SubmissionResult.AlreadyKnown"/> when the node already had it (mempool or chain).</returns>
    protected abstract Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The adapter's status lookup, called by <see cref="GetStatusAsync"/> for a transaction of this chain.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status; <see cref="SettlementState.Final"/> only once the chain's finality rule holds.</returns>
    protected abstract Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The adapter's acceleration, called by <see cref="AccelerateAsync"/> when <see cref="CanAccelerate"/>.</summary>
    /// <param name="stuck">The stuck transaction, of this chain.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The accelerating transaction.</returns>
    /// <exception cref="NotSupportedException">Always, unless overridden.</exception>
    protected virtual Task<Acceleration> AccelerateCoreAsync(PreparedTransaction stuck, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The provider for {ChainId} cannot accelerate transactions.");

    /// <summary>The adapter's release of a dead transaction's resources, called by <see cref="ReleaseAsync"/>. The default does nothing.</summary>
    /// <param name="dead">The dead transaction, of this chain.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A completed task.</returns>
    protected virtual Task ReleaseCoreAsync(PreparedTransaction dead, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The adapter's balance lookup, called by <see cref="GetBalanceAsync"/> when <see cref="CanQueryBalance"/>, for a valid account and a supported asset.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The balance.</returns>
    /// <exception cref="NotSupportedException">Always, unless overridden.</exception>
    protected virtual Task<Money> GetBalanceCoreAsync(SettlementAccount account, Asset asset, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The provider for {ChainId} cannot query balances.");

    /// <summary>
    /// Whether <paramref name="address"/> is a valid address on this chain (checksum, length, version). Adapters override;
    /// the default accepts any CAIP-10-valid address, which <see cref="SettlementAccount"/> already guarantees.
    /// </summary>
    /// <param name="address">The address as written on the chain.</param>
    /// <param name="reason">Why the address is invalid, when it is.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    protected virtual bool IsValidAddress(string address, out string reason)
    {
        reason = string.Empty;
        return true;
    }

    private void EnsureBatch(SettlementBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.ChainId != ChainId)
        {
            throw new ArgumentException($"The batch {batch.Id} is for chain {batch.ChainId}, but this provider settles on {ChainId}.", nameof(batch));
        }

        if (!Capabilities.Supports(batch.Asset))
        {
            throw new ArgumentException($"The batch {batch.Id} pays {batch.Asset}, which the provider for {ChainId} does not support.", nameof(batch));
        }

        ValidateAddress(batch.Payer);
        if (!CanPayFrom(batch.Payer))
        {
            throw new ArgumentException($"The batch {batch.Id} pays from {batch.Payer}, which this provider for {ChainId} cannot sign for.", nameof(batch));
        }

        foreach (var payout in batch.Payouts)
        {
            ValidateAddress(payout.Payee);
        }
    }

    private void EnsureTransaction(PreparedTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.ChainId != ChainId)
        {
            throw new ArgumentException($"The transaction {transaction.TransactionId} is for chain {transaction.ChainId}, not {ChainId}.", nameof(transaction));
        }
    }
}
