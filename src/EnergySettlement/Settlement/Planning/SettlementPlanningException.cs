namespace EnergySettlement.Settlement;

/// <summary>
/// The planning input is invalid: the <see cref="Reason"/> says which rule it broke and the message says what was expected
/// and what was found. Nothing was planned; nothing is recorded.
/// </summary>
/// <remarks>Never transient: planning the same input fails the same way.</remarks>
public sealed class SettlementPlanningException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Which rule the input broke.</param>
    /// <param name="message">What was expected and what was found.</param>
    public SettlementPlanningException(SettlementPlanningError reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Gets which rule the input broke.</summary>
    public SettlementPlanningError Reason { get; }
}
