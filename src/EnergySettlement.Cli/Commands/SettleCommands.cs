using EnergySettlement.Cli.Hosting;
using EnergySettlement.Cli.Input;
using EnergySettlement.Cli.Settle;

namespace EnergySettlement.Cli.Commands;

/// <summary>Maps the outcomes and errors of the file settlement commands (<c>settle</c>, <c>status</c>, <c>recover</c>) to
/// the documented exit codes.</summary>
internal static class SettleCommands
{
    /// <summary>Runs a command body, turning input problems into <see cref="ExitCodes.InputError"/> and a failed rehearsal
    /// into <see cref="ExitCodes.SettlementFailed"/>.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="CliException">An input or rehearsal problem, with its exit code.</exception>
    public static async Task<int> RunAsync(Func<Task<SettleOutcome>> body)
    {
        try
        {
            return await body().ConfigureAwait(false) switch
            {
                SettleOutcome.Settled => ExitCodes.Ok,
                SettleOutcome.ChainUnavailable => ExitCodes.ChainUnavailable,
                _ => ExitCodes.SettlementFailed,
            };
        }
        catch (InputFileException ex)
        {
            throw new CliException(ExitCodes.InputError, ex.Message + " Nothing was paid.", ex);
        }
        catch (IdempotencyConflictException ex)
        {
            throw new CliException(ExitCodes.InputError, "The journal holds other content under the same key: " + ex.Message + " Nothing was paid.", ex);
        }
        catch (SettlementRehearsalException ex)
        {
            throw new CliException(ExitCodes.SettlementFailed, ex.Message, ex);
        }
    }
}
