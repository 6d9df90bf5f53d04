using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>The deployed batch-settlement contract a batch is paid through, and how.</summary>
/// <param name="Contract">The contract's address.</param>
/// <param name="Version">Its version (resolved: never <see cref="BatchSettlementVersion.Detect"/>).</param>
/// <param name="PublishReferences">Version 2: also emit one <c>Payout</c> event with its reference per payout.</param>
internal sealed record SettlementTarget(EthereumAddress Contract, BatchSettlementVersion Version, bool PublishReferences);
