using EnergySettlement.Settlement;
using Microsoft.Extensions.Logging;

namespace EnergySettlement;

/// <summary>Log lines of settlement planning (event ids 1200–1299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Planned settlement window {Window}: {Obligations} obligations, {Legs} legs in {Batches} batches, {Carried} amounts carried forward, {Consumed} consumed")]
    public static partial void WindowPlanned(ILogger logger, SettlementWindowId window, int obligations, int legs, int batches, int carried, int consumed);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Settlement window {Window}: {Held} trades held for missing readings of {Participants} participants")]
    public static partial void TradesHeld(ILogger logger, SettlementWindowId window, int held, int participants);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Settlement window {Window}: {Provisional} obligations are provisional (assumed readings)")]
    public static partial void ProvisionalObligations(ILogger logger, SettlementWindowId window, int provisional);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Settlement window {Window} not planned: {Reason}. {Detail}")]
    public static partial void PlanRejected(ILogger logger, SettlementWindowId window, SettlementPlanningError reason, string detail);
}
