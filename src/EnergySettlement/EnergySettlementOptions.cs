using EnergySettlement.Meters;
using EnergySettlement.Trading;

namespace EnergySettlement;

/// <summary>Options of the EnergySettlement core, validated at start-up (every error reported at once).</summary>
public sealed class EnergySettlementOptions
{
    /// <summary>Gets the markets the host runs. Ids must be unique.</summary>
    /// <value>The default is empty.</value>
    public IList<MarketDefinition> Markets { get; } = [];

    /// <summary>Gets the participants known at start-up, for the default in-memory <see cref="IParticipantRegistry"/>. Ids must be unique.</summary>
    /// <value>The default is empty.</value>
    public IList<ParticipantRegistration> Participants { get; } = [];

    /// <summary>Gets the meters known at start-up, for the default in-memory <see cref="IMeterRegistry"/>.</summary>
    /// <value>The default is empty.</value>
    public IList<MeterRegistration> Meters { get; } = [];

    /// <summary>Gets the rules the <see cref="MeterReadingValidator"/> applies.</summary>
    public MeterValidationOptions MeterValidation { get; } = new();
}
