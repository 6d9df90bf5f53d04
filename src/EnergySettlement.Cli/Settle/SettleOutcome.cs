namespace EnergySettlement.Cli.Settle;

/// <summary>How a <c>settle</c> or <c>recover</c> run ended (input errors are exceptions instead).</summary>
internal enum SettleOutcome
{
    /// <summary>Every batch is final on its chain.</summary>
    Settled = 0,

    /// <summary>Some batches are not final (blocked, refused, or still waiting); they stay in the journal for <c>recover</c>.</summary>
    NotFinal = 1,

    /// <summary>A chain could not be reached; its batches wait in the journal for <c>recover</c>.</summary>
    ChainUnavailable = 2,
}
