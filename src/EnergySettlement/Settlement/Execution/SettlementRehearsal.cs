namespace EnergySettlement.Settlement;

/// <summary>
/// What <see cref="SettlementService.RehearseWindowAsync"/> found: the plan a request gives, the window's plan if the journal
/// already holds it, and every reason the plan cannot be paid as it stands (a batch that does not fit its chain, a payer
/// that holds less than its batches pay plus fees). Nothing was recorded or sent.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SettlementRehearsal
{
    /// <summary>Gets the plan the request gives, exactly as <see cref="SettlementService.SettleWindowAsync"/> would plan it.</summary>
    public required SettlementPlan Plan { get; init; }

    /// <summary>Gets the window's plan already in the journal, or <see langword="null"/> when the window was never recorded.
    /// When set, its batches are under way and no funds were checked.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public RecordedPlan? Recorded { get; init; }

    /// <summary>Gets every problem found, each saying what was expected and what was found; empty when every check passed
    /// (or none ran, see <see cref="Recorded"/>).</summary>
    public required IReadOnlyList<string> Problems { get; init; }
}
