namespace EnergySettlement.Cli.Settle;

/// <summary>The rehearsal found that the planned settlement cannot be paid as it stands (a payer lacks funds or fees, a
/// batch does not fit its chain). Nothing was written to the journal and nothing was paid.</summary>
internal sealed class SettlementRehearsalException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every problem found.</param>
    public SettlementRehearsalException(IReadOnlyList<string> problems)
        : base("The settlement cannot be paid as planned; nothing was written or paid: " + string.Join(" ", problems))
    {
        Problems = problems;
    }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
