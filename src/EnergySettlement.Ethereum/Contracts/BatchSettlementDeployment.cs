namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// What a host needs to deploy the batch-settlement contract itself (on a test network, a utility-run EVM chain, or a
/// throwaway local node): the creation bytecode of each version, compiled from the sources shipped beside it
/// (<c>Contracts/BatchSettlementV2.sol</c>, <c>Contracts/BatchSettlement.sol</c>) and checked against them by the tests.
/// Send it as the data of a transaction without a recipient; the constructor takes no arguments.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class BatchSettlementDeployment
{
    /// <summary>Gets the creation bytecode of a contract version.</summary>
    /// <param name="version"><see cref="BatchSettlementVersion.V2"/> (what new deployments use) or <see cref="BatchSettlementVersion.V1"/>.</param>
    /// <returns>The creation bytecode (a fresh copy the caller may keep).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is <see cref="BatchSettlementVersion.Detect"/> or undefined.</exception>
    public static byte[] GetCreationBytecode(BatchSettlementVersion version) => version switch
    {
        BatchSettlementVersion.V2 => BatchSettlementV2Contract.Bytecode.ToArray(),
        BatchSettlementVersion.V1 => BatchSettlementContract.Bytecode.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Name the version to deploy: V2 (new deployments) or V1."),
    };
}
