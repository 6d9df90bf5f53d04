using EnergySettlement.Chains;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Settle;

/// <summary>Where the watched batches ended after <see cref="SettlementDriver.RunAsync"/>.</summary>
/// <param name="Batches">Each watched batch's history.</param>
/// <param name="UnavailableChains">Chains that could not be reached in the last pass.</param>
internal sealed record DriveResult(IReadOnlyList<BatchHistory> Batches, IReadOnlyList<ChainId> UnavailableChains)
{
    /// <summary>Gets whether every watched batch is final.</summary>
    public bool AllFinal => Batches.All(b => b.State == BatchState.Final);
}
