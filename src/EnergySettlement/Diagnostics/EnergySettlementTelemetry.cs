using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EnergySettlement.Diagnostics;

/// <summary>
/// The core package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>EnergySettlement</c>.
/// Instruments are named in dotted lower case with units (<c>energy_settlement.batch.finality.duration</c>, seconds) and
/// tagged with <c>market.id</c> or <c>chain.id</c>; each concept declares its instruments in its own partial file
/// (<c>EnergySettlementTelemetry.Markets.cs</c>, <c>EnergySettlementTelemetry.Settlement.cs</c>).
/// </summary>
internal static partial class EnergySettlementTelemetry
{
    public const string Name = "EnergySettlement";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(EnergySettlementTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(EnergySettlementTelemetry).Assembly.GetName().Version?.ToString());
}
