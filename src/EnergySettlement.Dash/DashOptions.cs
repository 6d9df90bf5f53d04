using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash;

/// <summary>
/// Configuration of a <see cref="DashSettlementProvider"/>: which Dash network, plus everything a
/// <see cref="UtxoSettlementProvider"/> takes (signers, backend, reservation store, finality, fees, limits). Validated by
/// <see cref="DashOptionsValidator"/>, which reports every error at once.
/// </summary>
/// <remarks>Configure once at start-up; not thread-safe while being configured, read-only afterwards.</remarks>
public sealed class DashOptions : UtxoSettlementOptions
{
    /// <summary>Gets or sets the Dash network.</summary>
    /// <value>The default is <see cref="DashNetwork.Mainnet"/>.</value>
    public DashNetwork Network { get; set; } = DashNetwork.Mainnet;
}
