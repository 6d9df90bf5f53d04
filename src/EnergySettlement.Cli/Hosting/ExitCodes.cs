namespace EnergySettlement.Cli.Hosting;

/// <summary>
/// The process exit codes of <c>energy-settle</c>, one meaning each (documented in docs/cli.md). Every command returns
/// one of these; <see cref="RootCommandFactory.InvokeAsync"/> maps exceptions that escape a command onto them.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done (for a settlement: every batch final, paid = received).</summary>
    public const int Ok = 0;

    /// <summary>The run finished but settlement did not: a batch failed or is not final, or the books do not balance.</summary>
    public const int SettlementFailed = 1;

    /// <summary>The command line is wrong: unknown command or option, a missing or out-of-range value. Nothing was done.</summary>
    public const int UsageError = 2;

    /// <summary>An input file or stored data is unreadable or invalid (bad row, corrupt journal). Nothing was paid.</summary>
    public const int InputError = 3;

    /// <summary>The chain (node, API, local Anvil) could not be reached or started; what was journaled waits for <c>recover</c>.</summary>
    public const int ChainUnavailable = 4;

    /// <summary>Cancelled by Ctrl-C (SIGINT) or SIGTERM, as shells report 128 + SIGINT; what was journaled waits for <c>recover</c>.</summary>
    public const int Cancelled = 130;
}
