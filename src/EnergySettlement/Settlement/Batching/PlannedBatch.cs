using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>
/// A <see cref="SettlementBatch"/> the plan will pay in one chain transaction, with the legs it pays:
/// <c>Batch.Payouts[i]</c> pays <c>Legs[i]</c>. The batch id is derived from window, chain, paying account, asset and
/// part number, so replanning the same window yields the same ids.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PlannedBatch
{
    /// <summary>Creates a planned batch (the planner does; a journal does when it reads one back).</summary>
    /// <param name="window">The window.</param>
    /// <param name="part">The part number among the batches of the same window, paying account and asset, from 1.</param>
    /// <param name="batch">The batch.</param>
    /// <param name="legs">The legs, one per payout, in payout order.</param>
    /// <exception cref="ArgumentException">The legs do not match the payouts one to one (payer account, payee account, amount).</exception>
    public PlannedBatch(SettlementWindowId window, int part, SettlementBatch batch, IEnumerable<SettlementLeg> legs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentOutOfRangeException.ThrowIfLessThan(part, 1);
        if (window == default)
        {
            throw new ArgumentException("The window must be set.", nameof(window));
        }

        var list = legs.ToArray();
        if (list.Length != batch.Payouts.Count)
        {
            throw new ArgumentException($"Expected one leg per payout ({batch.Payouts.Count}); found {list.Length}.", nameof(legs));
        }

        for (var i = 0; i < list.Length; i++)
        {
            var leg = list[i];
            var payout = batch.Payouts[i];
            if (leg.From != batch.Payer || leg.To != payout.Payee || leg.Amount != payout.Amount || leg.Window != window)
            {
                throw new ArgumentException($"Leg {i} ({leg}) does not match payout {i} ({payout.Amount} to {payout.Payee}) of batch {batch.Id} paid from {batch.Payer}.", nameof(legs));
            }
        }

        Window = window;
        Part = part;
        Batch = batch;
        Legs = list;
    }

    private PlannedBatch(SettlementWindowId window, int part, SettlementBatch batch, SettlementLeg[] legs)
    {
        Window = window;
        Part = part;
        Batch = batch;
        Legs = legs;
    }

    /// <summary>Gets the window.</summary>
    public SettlementWindowId Window { get; }

    /// <summary>Gets the part number among the batches of the same window, paying account and asset, from 1.</summary>
    public int Part { get; }

    /// <summary>Gets the batch a chain provider pays.</summary>
    public SettlementBatch Batch { get; }

    /// <summary>Gets the batch's id.</summary>
    public SettlementBatchId Id => Batch.Id;

    /// <summary>Gets the legs, one per payout, in payout order.</summary>
    public IReadOnlyList<SettlementLeg> Legs { get; }

    /// <summary>Creates a planned batch whose payouts the batcher made from <paramref name="legs"/> one to one (so they
    /// match by construction), keeping the array (which nothing else holds) instead of copying and re-checking it.</summary>
    internal static PlannedBatch Owning(SettlementWindowId window, int part, SettlementBatch batch, SettlementLeg[] legs) =>
        new(window, part, batch, legs);

    /// <summary>Derives a batch id: <c>sb-</c>, 32 hex digits of a SHA-256 over window, chain, paying account and asset, and the part number.</summary>
    /// <param name="window">The window.</param>
    /// <param name="payer">The paying account (its chain is the batch's chain).</param>
    /// <param name="asset">The asset paid.</param>
    /// <param name="part">The part number, from 1.</param>
    /// <returns>The id.</returns>
    public static SettlementBatchId CreateId(SettlementWindowId window, SettlementAccount payer, Asset asset, int part)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentOutOfRangeException.ThrowIfLessThan(part, 1);
        var hash = new ContentHash("batch/1");
        hash.Add(window.Value);
        hash.Add(payer.ChainId.ToString());
        hash.Add(payer.ToString());
        hash.Add(asset.Id.ToString());
        hash.Add((long)asset.Decimals);
        return new SettlementBatchId(hash.Finish("sb") + "-" + part.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
