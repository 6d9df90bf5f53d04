using EnergySettlement.Chains;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;
using EnergySettlement.Testing;

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

    /// <summary>Gets the simulated chain's options (used when its state file does not exist yet).</summary>
    public required SimulatedChainOptions ChainOptions { get; init; }

    /// <summary>Gets the chain's state file (absolute): later processes (<c>status</c>, <c>recover</c>) see the same chain.</summary>
    public required string ChainStateFile { get; init; }

    /// <summary>Gets the time the tool waits between mined blocks (zero: mine as soon as a pass is done).</summary>
    public required TimeSpan BlockInterval { get; init; }

    /// <summary>Gets the faucet funding applied when the chain's state file is created.</summary>
    public required IReadOnlyList<(SettlementAccount Account, Money Amount)> Funding { get; init; }

    /// <summary>Gets a participant by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The participant, or <see langword="null"/>.</returns>
    public SettlementParticipant? FindParticipant(ParticipantId id) => Participants.FirstOrDefault(p => p.Id == id);
}
