namespace EnergySettlement.Chains;

/// <summary>
/// Payouts of one asset from one paying account that one chain transaction will pay, identified by an idempotency key.
/// </summary>
/// <remarks>
/// The batch is validated when it is created: at least one payout; every payee on the batch's chain; every amount in the
/// batch's asset. Immutable and thread-safe.
/// </remarks>
public sealed class SettlementBatch
{
    private readonly Func<Payout[]>? _makePayouts;
    private IReadOnlyList<Payout>? _payouts;

    /// <summary>Creates a batch.</summary>
    /// <param name="id">The idempotency key, chosen by the caller and stored before anything is sent.</param>
    /// <param name="payer">The paying account; its chain is the batch's chain.</param>
    /// <param name="asset">The asset every payout is in.</param>
    /// <param name="payouts">The payouts; at least one.</param>
    /// <exception cref="ArgumentException">No payouts, a payee on another chain, a payout in another asset, or an asset of another chain.</exception>
    public SettlementBatch(SettlementBatchId id, SettlementAccount payer, Asset asset, IEnumerable<Payout> payouts)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(payouts);
        var list = payouts.ToArray();
        Validate(id, payer, asset, list);
        Id = id;
        Payer = payer;
        Asset = asset;
        _payouts = Array.AsReadOnly(list);
    }

    private SettlementBatch(SettlementBatchId id, SettlementAccount payer, Asset asset, Payout[] payouts)
    {
        ArgumentNullException.ThrowIfNull(asset);
        Validate(id, payer, asset, payouts);
        Id = id;
        Payer = payer;
        Asset = asset;
        _payouts = Array.AsReadOnly(payouts);
    }

    private SettlementBatch(SettlementBatchId id, SettlementAccount payer, Asset asset, Func<Payout[]> makePayouts)
    {
        ArgumentNullException.ThrowIfNull(asset);
        Validate(id, payer, asset, [], deferred: true);
        Id = id;
        Payer = payer;
        Asset = asset;
        _makePayouts = makePayouts;
    }

    /// <summary>Gets the idempotency key.</summary>
    public SettlementBatchId Id { get; }

    /// <summary>Gets the chain the batch settles on.</summary>
    public ChainId ChainId => Payer.ChainId;

    /// <summary>Gets the paying account.</summary>
    public SettlementAccount Payer { get; }

    /// <summary>Gets the asset paid.</summary>
    public Asset Asset { get; }

    /// <summary>Gets the payouts, in the order given.</summary>
    public IReadOnlyList<Payout> Payouts => _payouts ?? MakePayouts();

    /// <summary>Gets the sum of all payouts.</summary>
    public Money Total => Payouts.Aggregate(Money.Zero(Asset), static (sum, p) => sum + p.Amount);

    /// <summary>Creates a batch that keeps the caller's array (which nothing else holds) instead of copying it; the same
    /// checks as the public constructor.</summary>
    internal static SettlementBatch Owning(SettlementBatchId id, SettlementAccount payer, Asset asset, Payout[] payouts) =>
        new(id, payer, asset, payouts);

    /// <summary>Creates a batch whose payouts are made when first asked for: a planner that made a million legs keeps them
    /// once, not again as payouts, until a journal or provider reads the batch. <paramref name="makePayouts"/> must return
    /// the same payouts every time (at least one); they get the same checks as the public constructor's.</summary>
    internal static SettlementBatch Deferred(SettlementBatchId id, SettlementAccount payer, Asset asset, Func<Payout[]> makePayouts) =>
        new(id, payer, asset, makePayouts);

    private IReadOnlyList<Payout> MakePayouts()
    {
        // Two threads may both make them; both lists are equal and one is kept.
        var payouts = _makePayouts!();
        if (payouts.Length == 0)
        {
            throw new InvalidOperationException($"Batch {Id} was planned without payouts.");
        }

        Validate(Id, Payer, Asset, payouts);
        Interlocked.CompareExchange(ref _payouts, Array.AsReadOnly(payouts), null);
        return _payouts;
    }

    private static void Validate(SettlementBatchId id, SettlementAccount payer, Asset asset, Payout[] payouts, bool deferred = false)
    {
        if (id == default)
        {
            throw new ArgumentException("The batch id must be set.", nameof(id));
        }

        if (payouts.Length == 0 && !deferred)
        {
            throw new ArgumentException("A settlement batch needs at least one payout.", nameof(payouts));
        }

        if (asset.Id.ChainId != payer.ChainId)
        {
            throw new ArgumentException($"The asset {asset} is not on the payer's chain {payer.ChainId}.", nameof(asset));
        }

        foreach (var payout in payouts)
        {
            ArgumentNullException.ThrowIfNull(payout, nameof(payouts));
            if (payout.Payee.ChainId != payer.ChainId)
            {
                throw new ArgumentException($"The payee {payout.Payee} is not on the payer's chain {payer.ChainId}.", nameof(payouts));
            }

            if (payout.Amount.Asset != asset)
            {
                throw new ArgumentException($"The payout to {payout.Payee} is in {payout.Amount.Asset}, not the batch's asset {asset}.", nameof(payouts));
            }
        }
    }
}
