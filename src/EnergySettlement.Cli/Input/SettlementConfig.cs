using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Input;

/// <summary>A checked settlement config: the market, how it settles, who takes part with which accounts and meters, and the
/// chain it pays on. Read with <see cref="SettlementConfigFile.Read"/>.</summary>
internal sealed class SettlementConfig
{
    /// <summary>Gets the config file as the user named it.</summary>
    public required string File { get; init; }

    /// <summary>Gets the market.</summary>
    public required MarketDefinition Market { get; init; }

    /// <summary>Gets the planning options (netting, clearing agent, missing readings, imbalance prices, minimum payouts).</summary>
    public required SettlementPlanningOptions Planning { get; init; }

    /// <summary>Gets whether every reading must carry a valid signature of its meter.</summary>
    public required bool RequireSignedReadings { get; init; }

    /// <summary>Gets the participants with their accounts.</summary>
    public required IReadOnlyList<SettlementParticipant> Participants { get; init; }

    /// <summary>Gets the meters.</summary>
    public required IReadOnlyList<MeterRegistration> Meters { get; init; }

    /// <summary>Gets the chain the settlement pays on (CAIP-2).</summary>
    public required ChainId ChainId { get; init; }

    /// <summary>Gets the simulated chain, when the config's chain kind is <c>simulated</c>.</summary>
    public SimulatedChainSettings? Simulated { get; init; }

    /// <summary>Gets the Ethereum node, when the config's chain kind is <c>ethereum</c>.</summary>
    public EthereumChainSettings? Ethereum { get; init; }

    /// <summary>Gets the Dash network and its backends, when the config's chain kind is <c>dash</c>.</summary>
    public DashChainSettings? Dash { get; init; }

    /// <summary>Gets a participant by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The participant, or <see langword="null"/>.</returns>
    public SettlementParticipant? FindParticipant(ParticipantId id) => Participants.FirstOrDefault(p => p.Id == id);
}
