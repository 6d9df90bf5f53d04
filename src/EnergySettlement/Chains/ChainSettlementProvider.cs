namespace EnergySettlement.Chains;

/// <summary>
/// The contract a chain adapter derives from: given a <see cref="SettlementBatch"/> of payouts on its chain, get them
/// paid exactly once. The pipeline calls, journaling between calls: <see cref="QuoteAsync"/> → <see cref="PrepareAsync"/>
/// (build and sign; nothing sent) → <see cref="SubmitAsync"/> (idempotent broadcast) → <see cref="GetStatusAsync"/>
/// until final.
/// </summary>
/// <remarks>
/// <para>The abstract core is small (the four calls and <see cref="Capabilities"/>); everything else is virtual with a
/// sensible default, so members can be added later without breaking third-party adapters.</para>
/// <para>Implementations must be thread-safe: the pipeline may quote, prepare and track several batches at once.</para>
/// <para>Errors: an unreachable node throws <see cref="ChainUnavailableException"/> (transient); a definite refusal
/// throws <see cref="TransactionRejectedException"/> or <see cref="InsufficientFundsException"/>; a batch for another
/// chain or asset throws <see cref="ArgumentException"/>.</para>
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

    /// <summary>Estimates the fee of a batch and says whether it fits one transaction. Sends nothing.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The quote.</returns>
    public abstract Task<FeeQuote> QuoteAsync(SettlementBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds and signs the transaction that pays <paramref name="batch"/>. Sends nothing. Deterministic for the same
    /// batch and chain state, so that recovery can compare.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The prepared transaction, to be journaled before <see cref="SubmitAsync"/>.</returns>
    public abstract Task<PreparedTransaction> PrepareAsync(SettlementBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Broadcasts the prepared bytes. Idempotent: submitting the same prepared transaction again is harmless, and a node
    /// that already knows it yields <see cref="SubmissionResult.AlreadyKnown"/>.
    /// </summary>
    /// <param name="transaction">A transaction from <see cref="PrepareAsync"/> (possibly read back from the journal).</param>
    /// <param name="cancellationToken">Cancels the request. A cancelled submission may still have reached the node.</param>
    /// <returns>Whether the node accepted it now or already knew it.</returns>
    public abstract Task<SubmissionResult> SubmitAsync(PreparedTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>Reports where a prepared transaction stands: pending, included, final, dropped or conflicted.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status.</returns>
    public abstract Task<SettlementStatus> GetStatusAsync(PreparedTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>Returns the balance of an account in an asset, when <see cref="CanQueryBalance"/> is <see langword="true"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The balance.</returns>
    /// <exception cref="NotSupportedException">The adapter cannot query balances (<see cref="CanQueryBalance"/> is <see langword="false"/>).</exception>
    public virtual Task<Money> GetBalanceAsync(SettlementAccount account, Asset asset, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The provider for {ChainId} cannot query balances; check {nameof(CanQueryBalance)} first.");

    /// <summary>Checks that an account's address is valid on this chain; throws when it is not.</summary>
    /// <param name="account">The account.</param>
    /// <exception cref="ArgumentException">The account is on another chain.</exception>
    /// <exception cref="InvalidAddressException">The address is not valid on this chain.</exception>
    public void ValidateAddress(SettlementAccount account)
    {
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

    /// <summary>Throws when <paramref name="batch"/> is for another chain or an asset this adapter cannot pay.</summary>
    /// <param name="batch">The batch.</param>
    /// <exception cref="ArgumentException">The batch is for another chain or an unsupported asset.</exception>
    protected void EnsureSupported(SettlementBatch batch)
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
    }
}
