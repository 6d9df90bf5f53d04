using EnergySettlement.Chains;
using EnergySettlement.Testing;

namespace EnergySettlement.Cli.Input;

/// <summary>The config's chain section for <c>"kind": "simulated"</c>: the SDK's simulated chain, its whole state kept in a file
/// so a later process (<c>status</c>, <c>recover</c>) sees the same chain.</summary>
/// <param name="Options">The chain's options (used when its state file does not exist yet).</param>
/// <param name="StateFile">The state file (absolute).</param>
/// <param name="BlockInterval">How long the tool waits before mining each block (zero: at once).</param>
/// <param name="Funding">The faucet funding applied when the state file is created.</param>
internal sealed record SimulatedChainSettings(
    SimulatedChainOptions Options,
    string StateFile,
    TimeSpan BlockInterval,
    IReadOnlyList<(SettlementAccount Account, Money Amount)> Funding);
