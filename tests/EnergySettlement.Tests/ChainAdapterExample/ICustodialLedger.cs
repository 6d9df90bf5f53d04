namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>
/// The client of the "chain": here a utility's custodial ledger, reached through whatever client the utility already
/// has. The host registers it (for example <c>services.AddSingleton&lt;ICustodialLedger&gt;(…)</c>).
/// </summary>
public interface ICustodialLedger
{
    /// <summary>Posts a transfer once. Throws <see cref="HttpRequestException"/> when the ledger cannot be reached.</summary>
    /// <returns><c>posted</c>, <c>duplicate</c> (this id was posted before: nothing changed) or <c>insufficient-funds</c>.</returns>
    Task<string> PostAsync(string transferId, string from, IReadOnlyList<(string To, Int128 Amount)> legs, CancellationToken cancellationToken);

    /// <summary>Whether a transfer id was posted. Throws <see cref="HttpRequestException"/> when unreachable.</summary>
    Task<bool> IsPostedAsync(string transferId, CancellationToken cancellationToken);
}
