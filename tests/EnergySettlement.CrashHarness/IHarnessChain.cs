using EnergySettlement.Chains;

namespace EnergySettlement.CrashHarness;

/// <summary>The chain a harness run settles on: the simulated chain in a file, or a real Anvil node.</summary>
internal interface IHarnessChain : IDisposable
{
    /// <summary>Gets the provider the service pays through.</summary>
    ChainSettlementProvider Provider { get; }

    /// <summary>Gets the token every obligation is paid in (6 decimals).</summary>
    Asset Token { get; }

    /// <summary>Gets a party's account (it pays from it and is paid to it).</summary>
    SettlementAccount AccountOf(ParticipantId party);

    /// <summary>Mines a block and returns its height.</summary>
    Task<ulong> MineAsync();

    /// <summary>Reads a party's token balance from the chain.</summary>
    Task<Int128> TokenBalanceAsync(ParticipantId party);

    /// <summary>Counts the chain's settlements of a batch id (each a distinct transaction).</summary>
    Task<int> SettlementCountAsync(SettlementBatchId batch);

    /// <summary>Chain-wide checks once every batch is final (tokens conserved, every settlement planned, no nonce gap); throws <see cref="HarnessCheckException"/>.</summary>
    Task VerifyChainAsync(int plannedBatches);
}
