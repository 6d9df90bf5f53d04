namespace EnergySettlement.Chains;

/// <summary>What a chain adapter can do, so the router can choose a chain for each payout and size batches.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ChainCapabilities
{
    /// <summary>Gets the chain's native coin, in which fees are paid.</summary>
    public required Asset NativeAsset { get; init; }

    /// <summary>Gets every asset the adapter can pay out (the native coin and configured tokens).</summary>
    public required IReadOnlyList<Asset> Assets { get; init; }

    /// <summary>Gets the most payouts one transaction can carry.</summary>
    public required int MaxPayoutsPerTransaction { get; init; }

    /// <summary>Gets the most bytes of settlement reference (memo) one transaction can carry; 0 when memos are not supported.</summary>
    /// <value>The default is 0.</value>
    public int MaxMemoBytes { get; init; }

    /// <summary>Gets whether the chain carries a settlement reference (memo) on chain.</summary>
    public bool SupportsMemo => MaxMemoBytes > 0;

    /// <summary>Gets how the chain makes a payment irreversible.</summary>
    public required FinalityModel Finality { get; init; }

    /// <summary>
    /// Gets how many confirmations (the including block counts as one) make a transaction final under
    /// <see cref="FinalityModel.Confirmations"/>, or the fallback count under a model that finalises otherwise
    /// (<see cref="FinalityModel.InstantLock"/> without a lock, <see cref="FinalityModel.FinalizedTag"/> on a node without the tag).
    /// </summary>
    /// <value>The default is 0: the chain does not count blocks for finality (for example <see cref="FinalityModel.Immediate"/>).</value>
    public int ConfirmationsForFinality { get; init; }

    /// <summary>Gets a typical fee for a batch transaction, in <see cref="NativeAsset"/>, for routing decisions.</summary>
    public required Money TypicalFee { get; init; }

    /// <summary>Gets a typical time from submission to finality.</summary>
    public required TimeSpan TypicalTimeToFinality { get; init; }

    /// <summary>Whether the adapter can pay out <paramref name="asset"/>.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns><see langword="true"/> when the asset is in <see cref="Assets"/>.</returns>
    public bool Supports(Asset asset) => Assets.Contains(asset);
}
