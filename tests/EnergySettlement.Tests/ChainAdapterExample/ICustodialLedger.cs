using EnergySettlement.Chains;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>
/// docs/chain-adapters.md, step 1: the "chain" of the worked example — a utility's own custodial ledger, reached
/// through whatever client the utility already has. Posting is idempotent by transfer id, as any ledger worth
/// settling on is.
/// </summary>
public interface ICustodialLedger
{
    /// <summary>Posts a transfer once; posting the same id again returns false and changes nothing.</summary>
    Task<bool> PostAsync(string transferId, string from, IReadOnlyList<(string To, Int128 Amount)> legs, CancellationToken cancellationToken);

    /// <summary>Whether a transfer id was posted.</summary>
    Task<bool> IsPostedAsync(string transferId, CancellationToken cancellationToken);
}
