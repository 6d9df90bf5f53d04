namespace EnergySettlement.Settlement;

/// <summary>
/// Supplies exchange rates when a leg is paid in another asset than the market's quote asset. The planner itself is
/// pure: rates are fetched before planning (<see cref="SettlementPlanner.PlanAsync"/> does so) and recorded on each leg
/// with their source and time.
/// </summary>
/// <remarks>Implementations call a price feed or oracle; they should be thread-safe.</remarks>
public interface IExchangeRateProvider
{
    /// <summary>Gets the rate from <paramref name="fromAsset"/> to <paramref name="toAsset"/> that holds at <paramref name="asOf"/>.</summary>
    /// <param name="fromAsset">The source asset (the market's quote asset).</param>
    /// <param name="toAsset">The target asset (the asset a leg is paid in).</param>
    /// <param name="asOf">The instant the rate should hold at.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The rate, with its source and observation time.</returns>
    /// <exception cref="EnergySettlementException">The rate is not available (set <see cref="EnergySettlementException.IsTransient"/> when a retry may help).</exception>
    ValueTask<ExchangeRate> GetRateAsync(Asset fromAsset, Asset toAsset, DateTimeOffset asOf, CancellationToken cancellationToken = default);
}
