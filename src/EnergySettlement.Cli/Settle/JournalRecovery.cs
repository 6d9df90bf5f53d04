using System.Globalization;
using EnergySettlement.Cli.Input;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// Finishes what an interrupted or failed run left in a journal: the <see cref="SettlementService"/>'s recovery pass
/// re-sends each live transaction's recorded bytes (harmless when the chain has them) and carries every unfinished batch on
/// to final — never paying one twice.
/// </summary>
internal sealed class JournalRecovery(TextWriter output, TimeProvider time, ILoggerFactory loggerFactory)
{
    /// <summary>Recovers a journal.</summary>
    /// <param name="journalPath">The journal; must exist.</param>
    /// <param name="configPath">The settlement config that names the chain.</param>
    /// <param name="cancellationToken">Interrupts; recovery can be run again.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="InputFileException">The journal, config or chain state file is missing or unreadable.</exception>
    public async Task<SettleOutcome> RecoverAsync(string journalPath, string configPath, CancellationToken cancellationToken)
    {
        var config = SettlementConfigFile.Read(configPath);
        JournalStatus.RequireJournal(journalPath);
        await using var sqlite = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = journalPath }, time, loggerFactory, cancellationToken).ConfigureAwait(false);
        await using var chain = await SettlementChainHosts.OpenAsync(config, sqlite, mustExist: true, time, loggerFactory, cancellationToken).ConfigureAwait(false);
        using var service = new SettlementService(sqlite, chain.Registry, FileSettlement.ServiceOptions, time, loggerFactory,
            new SettlementPlanner(config.Planning, loggerFactory.CreateLogger<SettlementPlanner>()));
        var open = (await service.Journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false))
            .Where(b => b.State != BatchState.Final)
            .ToList();
        if (open.Count == 0)
        {
            output.WriteLine($"nothing to recover: every batch in {journalPath} is final");
            return SettleOutcome.Settled;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recover {open.Count} unfinished batch(es): {string.Join(", ", open.GroupBy(b => b.State).Select(g => $"{g.Count()} {g.Key}"))}"));

        // The first pass is the service's recovery pass (RecoverAsync): recorded bytes sent again, then carried on to final.
        return await FileSettlement.PayAsync(service, chain, open.Select(b => b.Id).ToArray(), output, cancellationToken).ConfigureAwait(false);
    }
}
