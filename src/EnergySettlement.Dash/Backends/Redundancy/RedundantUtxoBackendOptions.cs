namespace EnergySettlement.Dash.Backends.Redundancy;

/// <summary>Configuration of a <see cref="RedundantUtxoBackend"/>. Validated by
/// <see cref="RedundantUtxoBackendOptionsValidator"/>, which reports every error at once.</summary>
/// <remarks>Configure once at start-up; not thread-safe while being configured, read-only afterwards.</remarks>
public sealed class RedundantUtxoBackendOptions
{
    /// <summary>Gets or sets how long a backend that failed transiently is passed over for reads (it still receives every
    /// broadcast). Reads go back to it when the time is up, or earlier when every other backend is passed over too.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan UnhealthyDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets whether a status read that finds the transaction unknown asks the other backends before answering
    /// <see cref="UtxoTransactionStatus.Unknown"/>: an indexer that missed a transaction must not make it look dropped.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ConfirmUnknownStatus { get; set; } = true;
}
