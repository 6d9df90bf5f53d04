namespace EnergySettlement.Chains;

/// <summary>The answer to <see cref="ChainSettlementProvider.QuoteAsync"/>: what a batch would cost and whether it fits one transaction.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record FeeQuote
{
    /// <summary>Gets the estimated fee, in the chain's native asset (the most the adapter would pay under its fee cap).</summary>
    public required Money EstimatedFee { get; init; }

    /// <summary>Gets whether the batch fits one transaction (payout count, memo size, size limits).</summary>
    public required bool Fits { get; init; }

    /// <summary>Gets why the batch does not fit, when <see cref="Fits"/> is <see langword="false"/>.</summary>
    public string? Reason { get; init; }
}
