using System.Globalization;
using EnergySettlement.Cli.Input;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace EnergySettlement.Cli.Settle;

/// <summary>Shows what a journal holds: every batch with its state, payer, payouts, amount and transaction, and counts per state
/// — as a table on a terminal, as one tab-separated line per batch (after a header line) for files and pipes.</summary>
internal sealed class JournalStatus(IAnsiConsole console, bool asTable, TimeProvider time, ILoggerFactory loggerFactory)
{
    private static readonly string[] Columns = ["batch", "state", "payer", "payouts", "amount", "transaction", "block"];

    /// <summary>Prints the status of a journal.</summary>
    /// <param name="journalPath">The journal; must exist.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The batches, for callers that want to decide on them.</returns>
    /// <exception cref="InputFileException">The journal does not exist.</exception>
    public async Task<IReadOnlyList<BatchHistory>> ShowAsync(string journalPath, CancellationToken cancellationToken)
    {
        RequireJournal(journalPath);
        await using var sqlite = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = journalPath }, time, loggerFactory, cancellationToken).ConfigureAwait(false);
        ISettlementJournal journal = sqlite;
        var batches = await journal.GetOpenBatchesAsync(DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false);
        var table = new Table().Border(TableBorder.Simple).AddColumns(
            Columns.Select(c => new TableColumn(c).NoWrap()).ToArray());
        var lines = new List<string>(batches.Count);
        foreach (var batch in batches)
        {
            var tx = batch.SettledBy ?? (batch.Transactions.Count > 0 ? batch.Transactions[^1] : null);
            string[] cells =
            [
                batch.Id.ToString(),
                batch.State.ToString(),
                batch.Batch.Payer.ToString(),
                batch.Batch.Payouts.Count.ToString(CultureInfo.InvariantCulture),
                batch.Batch.Total.ToString(),
                tx?.Id.ToString() ?? "-",
                tx?.BlockNumber?.ToString(CultureInfo.InvariantCulture) ?? "-",
            ];
            table.AddRow(cells.Select(Markup.Escape).ToArray());
            lines.Add(string.Join('\t', cells));
        }

        if (asTable)
        {
            console.Write(table);
        }
        else
        {
            console.WriteLine(string.Join('\t', Columns));
            foreach (var line in lines)
            {
                console.WriteLine(line);
            }
        }

        var counts = batches.GroupBy(b => b.State).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{batches.Count} batch(es): {(batches.Count == 0 ? "none" : string.Join(", ", counts))}"));
        if (batches.Any(b => b.State != BatchState.Final))
        {
            console.WriteLine("Some batches are not final: 'energy-settle recover --journal FILE --config FILE' finishes them.");
        }

        return batches;
    }

    /// <summary>Refuses a journal path that does not exist (opening it would create an empty journal).</summary>
    /// <param name="journalPath">The path.</param>
    /// <exception cref="InputFileException">The file does not exist.</exception>
    public static void RequireJournal(string journalPath)
    {
        if (!File.Exists(journalPath))
        {
            throw new InputFileException(journalPath, 0, "The journal does not exist; 'energy-settle settle' creates it.");
        }
    }
}
