using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Input;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace EnergySettlement.Cli.Settle;

/// <summary>Shows what a journal holds: every batch with its state, payer, payouts, amount and transaction, and counts per state;
/// then each participant's view from the <see cref="SettlementService.GetParticipantStatusAsync"/> — what it owes and is owed,
/// and how many of its batches are final. Tables on a terminal; for files and pipes a header line and one tab-separated line
/// per batch, then the same for participants, written as they are (never wrapped to a console width).</summary>
internal sealed class JournalStatus(IAnsiConsole console, TextWriter output, bool asTable, TimeProvider time, ILoggerFactory loggerFactory)
{
    private static readonly string[] Columns = ["batch", "state", "payer", "payouts", "amount", "transaction", "block"];
    private static readonly string[] ParticipantColumns = ["participant", "owes", "is owed", "batches", "final"];

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
            output.WriteLine(string.Join('\t', Columns));
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }

        var counts = batches.GroupBy(b => b.State).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"{batches.Count} batch(es): {(batches.Count == 0 ? "none" : string.Join(", ", counts))}"));
        await ShowParticipantsAsync(journal, batches, cancellationToken).ConfigureAwait(false);
        if (batches.Any(b => b.State != BatchState.Final))
        {
            Line("Some batches are not final: 'energy-settle recover --journal FILE --config FILE' finishes them.");
        }

        return batches;
    }

    /// <summary>Prints each participant named by the windows of the batches, through the service's status API.</summary>
    private async Task ShowParticipantsAsync(ISettlementJournal journal, IReadOnlyList<BatchHistory> batches, CancellationToken cancellationToken)
    {
        using var service = new SettlementService(journal, new ChainProviderRegistry([]), new SettlementOptions(), time, loggerFactory);
        var participants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var window in batches.Select(b => b.Record.Window).OfType<SettlementWindowId>().Distinct())
        {
            if (await journal.GetPlanAsync(window, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                foreach (var obligation in plan.Plan.Obligations)
                {
                    participants.Add(obligation.Payer.ToString());
                    participants.Add(obligation.Payee.ToString());
                }
            }
        }

        if (participants.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns(ParticipantColumns.Select(c => new TableColumn(c).NoWrap()).ToArray());
        var lines = new List<string>(participants.Count);
        foreach (var participant in participants)
        {
            var status = await service.GetParticipantStatusAsync(new ParticipantId(participant), DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
            string[] cells =
            [
                participant,
                Sum(status.Owes),
                Sum(status.IsOwed),
                status.Batches.Count.ToString(CultureInfo.InvariantCulture),
                status.Batches.Count(b => b.State == BatchState.Final).ToString(CultureInfo.InvariantCulture),
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
            output.WriteLine(string.Join('\t', ParticipantColumns));
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }

        static string Sum(IReadOnlyList<Money> sums) => sums.Count == 0 ? "0" : string.Join(" + ", sums.Select(m => m.ToString()));
    }

    private void Line(string text)
    {
        if (asTable)
        {
            console.WriteLine(text);
        }
        else
        {
            output.WriteLine(text);
        }
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
