using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Input;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;
using EnergySettlement.Trading;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// Settles a user's own trades and meter readings through the SDK's <see cref="SettlementService"/>: reads and checks every
/// file, validates the readings with <see cref="MeterReadingValidator"/>, rehearses the window with
/// <see cref="SettlementService.RehearseWindowAsync"/> (the plan, and every payer's balance against what it pays plus fees)
/// — all before anything is written — then records the trades and readings in the SQLite journal, settles the window with
/// <see cref="SettlementService.SettleWindowAsync"/> (the plan recorded before anything is signed) and drives the service
/// until each batch is paid exactly once on the config's chain.
/// </summary>
/// <remarks>Running it again on the same files and journal pays nothing twice: a window already planned is resumed, not
/// planned again; the same window with other inputs is refused.</remarks>
internal sealed class FileSettlement(TextWriter output, TimeProvider time, ILoggerFactory loggerFactory)
{
    /// <summary>How the tool's service retries a chain call within a pass: briefly, since the tool runs passes itself.</summary>
    internal static SettlementOptions ServiceOptions => new() { RetryBaseDelay = TimeSpan.FromMilliseconds(200), MaxRetryAttempts = 2 };

    /// <summary>Settles the files.</summary>
    /// <param name="files">The files.</param>
    /// <param name="cancellationToken">Interrupts (Ctrl-C); what was recorded stays in the journal for <c>recover</c>.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="InputFileException">A file is missing or unreadable, a record breaks a rule, or the journal holds
    /// the window with other inputs. Nothing was written or paid.</exception>
    /// <exception cref="SettlementRehearsalException">The plan cannot be paid (funds, fees, size). Nothing was written or paid.</exception>
    public async Task<SettleOutcome> SettleAsync(SettleFiles files, CancellationToken cancellationToken)
    {
        // 1. Read and check every input; the journal is not touched until all of it is valid.
        var config = SettlementConfigFile.Read(files.Config);
        var trades = TradeFile.Read(files.Trades, config);
        var readings = ReadingFile.Read(files.Readings, config);
        var accepted = ValidateReadings(files.Readings, config, readings);
        var window = WindowOf(files, config, trades, accepted);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read    {trades.Count} trade(s), {readings.Count} meter reading(s) ({accepted.Count} accepted); window {window.Id}"));

        // A journal that does not exist yet reads as an empty one: it is created only once the rehearsal has passed.
        var sqlite = File.Exists(files.Journal) ? await OpenJournalAsync(files, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            return await SettleAsync(files, config, trades, accepted, window, sqlite, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (sqlite is not null)
            {
                await sqlite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Pays batches through the settlement service until they are final (or no longer progress), and prints the result.</summary>
    /// <param name="service">The service, over the journal and the chain.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="batches">The batches to finish.</param>
    /// <param name="output">Where progress goes.</param>
    /// <param name="cancellationToken">Interrupts.</param>
    /// <returns>How the run ended.</returns>
    internal static async Task<SettleOutcome> PayAsync(SettlementService service, ISettlementChainHost chain, IReadOnlyCollection<SettlementBatchId> batches, TextWriter output, CancellationToken cancellationToken)
    {
        var open = new List<BatchHistory>(batches.Count);
        foreach (var id in batches)
        {
            if (await service.GetBatchAsync(id, cancellationToken).ConfigureAwait(false) is { State: not BatchState.Final } history)
            {
                open.Add(history);
            }
        }

        await chain.PrepareToPayAsync(open, output, cancellationToken).ConfigureAwait(false);
        var result = await new SettlementDriver(service, chain, output).RunAsync(batches, cancellationToken).ConfigureAwait(false);
        var final = result.Batches.Count(b => b.State == BatchState.Final);
        foreach (var batch in result.Batches.Where(b => b.State != BatchState.Final))
        {
            var reason = batch.Transitions.Count > 0 ? batch.Transitions[^1].Detail : null;
            output.WriteLine($"open    {batch.Id}: {batch.State}{(string.IsNullOrEmpty(reason) ? string.Empty : $" ({reason})")}");
        }

        if (result.UnavailableChains.Count > 0)
        {
            output.WriteLine($"waiting chain {string.Join(", ", result.UnavailableChains)} is unreachable; {result.Batches.Count - final} batch(es) wait in the journal: run 'energy-settle recover'");
            return SettleOutcome.ChainUnavailable;
        }

        if (!result.AllFinal)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"not final {result.Batches.Count - final} of {result.Batches.Count} batch(es); they stay in the journal: run 'energy-settle recover'"));
            return SettleOutcome.NotFinal;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settled {final} batch(es) final on {chain.ChainId}, each paid exactly once"));
        return SettleOutcome.Settled;
    }

    private async Task<SettleOutcome> SettleAsync(SettleFiles files, SettlementConfig config, IReadOnlyList<Located<Trade>> trades, List<Located<MeterReadingValidationResult>> accepted, SettlementWindow window, SqliteJournal? sqlite, CancellationToken cancellationToken)
    {
        var planner = new SettlementPlanner(config.Planning, loggerFactory.CreateLogger<SettlementPlanner>());
        var participantReadings = accepted
            .GroupBy(r => (r.Value.Participant!.Value, r.Value.Period!.Value))
            .Select(g => ParticipantReading.FromAccepted(g.Select(r => r.Value)))
            .ToList();

        // 2. Rehearse through the service on a read-only view of the chain and the journal (or an empty one): nothing is written.
        SettlementPlanRequest request;
        SettlementRehearsal rehearsal;
        List<RecordedReading> newReadings = [];
        await using (var view = await SettlementChainHosts.OpenForRehearsalAsync(config, time, loggerFactory, cancellationToken).ConfigureAwait(false))
        {
            ISettlementJournal journal = sqlite is null ? new InMemorySettlementJournal() : sqlite;
            using var service = new SettlementService(journal, view.Registry, ServiceOptions, time, loggerFactory, planner);

            // A window recorded before consumed its carried amounts; a new one consumes every open one.
            var recorded = await journal.GetPlanAsync(window.Id, cancellationToken).ConfigureAwait(false);
            var carried = recorded is null ? await journal.GetOpenCarriedAmountsAsync(config.Market.Id, cancellationToken).ConfigureAwait(false) : [];
            request = new SettlementPlanRequest
            {
                Window = window,
                Market = config.Market,
                AsOf = time.GetUtcNow(),
                Trades = trades.Select(t => t.Value).ToList(),
                Readings = participantReadings,
                Participants = config.Participants,
                Chains = SettlementPlanRequest.FromRegistry(view.Registry),
                CarriedAmounts = carried,
            };
            rehearsal = await RehearseAsync(files, service, request, cancellationToken).ConfigureAwait(false);
            if (rehearsal.Recorded is { } existing)
            {
                CheckSamePlan(files, existing, rehearsal.Plan);
                output.WriteLine($"resume  window {window.Id} was planned at {existing.PlannedAt:yyyy-MM-dd HH:mm:ss}Z with the same inputs; finishing its batches");
            }
            else if (rehearsal.Problems.Count > 0)
            {
                throw new SettlementRehearsalException(rehearsal.Problems);
            }
            else
            {
                newReadings = await NewReadingsAsync(files, journal, accepted, cancellationToken).ConfigureAwait(false);
            }
        }

        var plan = rehearsal.Recorded?.Plan ?? rehearsal.Plan;
        PrintPlan(plan);

        // 3. Record, then pay.
        await using var created = sqlite is null ? await OpenJournalAsync(files, cancellationToken).ConfigureAwait(false) : null;
        var store = (sqlite ?? created)!;
        await using var chain = await SettlementChainHosts.OpenAsync(config, store, mustExist: false, time, loggerFactory, cancellationToken).ConfigureAwait(false);
        using var paying = new SettlementService(store, chain.Registry, ServiceOptions, time, loggerFactory, planner);
        if (rehearsal.Recorded is null)
        {
            var position = await RecordInputsAsync(store, trades, newReadings, accepted, cancellationToken).ConfigureAwait(false);
            var recorded = await paying.SettleWindowAsync(request with { Chains = SettlementPlanRequest.FromRegistry(chain.Registry) }, position, cancellationToken).ConfigureAwait(false);
            plan = recorded.Plan;
            output.WriteLine($"journal {plan.Batches.Count} batch(es) recorded in {files.Journal} before any is signed");
        }

        return await PayAsync(paying, chain, plan.Batches.Select(b => b.Id).ToArray(), output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rehearses the window; a request the planner refuses is an input error naming the file it concerns.</summary>
    private static async Task<SettlementRehearsal> RehearseAsync(SettleFiles files, SettlementService service, SettlementPlanRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await service.RehearseWindowAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (SettlementPlanningException ex)
        {
            var file = ex.Reason switch
            {
                SettlementPlanningError.UnknownParticipant or SettlementPlanningError.OtherMarket or SettlementPlanningError.OutsideWindow
                    or SettlementPlanningError.Duplicate or SettlementPlanningError.PeriodNotClosed => files.Trades,
                _ => files.Config,
            };
            throw new InputFileException(file, 0, $"Settlement planning refused the input ({ex.Reason}): {ex.Message}", ex);
        }
    }

    /// <summary>Records the trades and the readings the journal does not hold yet; returns the journal position of the last
    /// reading the plan reads (see <see cref="RecordedPlan.ReadingsPosition"/>).</summary>
    private async Task<long> RecordInputsAsync(ISettlementJournal journal, IReadOnlyList<Located<Trade>> trades, List<RecordedReading> readings, List<Located<MeterReadingValidationResult>> accepted, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await journal.AppendTradesAsync(trades.Select(t => t.Value).ToList(), cancellationToken).ConfigureAwait(false);
        await journal.AppendReadingsAsync(readings.Select(r => r with { RecordedAt = now }).ToList(), cancellationToken).ConfigureAwait(false);

        long position = 0;
        foreach (var located in accepted)
        {
            var revisions = await journal.GetReadingRevisionsAsync(located.Value.Reading.Meter, located.Value.Period!.Value.Start, cancellationToken).ConfigureAwait(false);
            position = revisions.Count == 0 ? position : Math.Max(position, revisions.Max(r => r.Position));
        }

        return position;
    }

    private Task<SqliteJournal> OpenJournalAsync(SettleFiles files, CancellationToken cancellationToken) =>
        SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = files.Journal }, time, loggerFactory, cancellationToken);

    private List<Located<MeterReadingValidationResult>> ValidateReadings(string file, SettlementConfig config, IReadOnlyList<Located<MeterReading>> readings)
    {
        using var verifier = new EcdsaP256MeterSignatureVerifier();
        var validator = new MeterReadingValidator(
            new InMemoryMeterRegistry(config.Meters),
            [verifier],
            new MeterValidationOptions { RequireSignatures = config.RequireSignedReadings, PeriodLength = config.Market.PeriodLength },
            loggerFactory.CreateLogger<MeterReadingValidator>());
        var accepted = new List<Located<MeterReadingValidationResult>>(readings.Count);
        foreach (var reading in readings)
        {
            var result = validator.Validate(reading.Value);
            if (!result.IsAccepted)
            {
                throw new InputFileException(file, reading.Line, $"Reading rejected ({result.Reason}): {result.Message}");
            }

            accepted.Add(new Located<MeterReadingValidationResult>(result, reading.Line));
        }

        return accepted;
    }

    private static SettlementWindow WindowOf(SettleFiles files, SettlementConfig config, IReadOnlyList<Located<Trade>> trades, List<Located<MeterReadingValidationResult>> readings)
    {
        var periods = trades.Select(t => t.Value.Period).Concat(readings.Select(r => r.Value.Period!.Value)).ToList();
        if (periods.Count == 0)
        {
            throw new InputFileException(files.Trades, 0, "There is nothing to settle: no trades and no readings.");
        }

        var first = periods.Min();
        var last = periods.Max();
        var count = (last.Start - first.Start).Ticks / config.Market.PeriodLength.Ticks + 1;
        return count > SettlementWindow.MaxPeriods
            ? throw new InputFileException(files.Trades, 0, string.Create(CultureInfo.InvariantCulture, $"The trades and readings span {count} periods ({first} to {last}); one run settles at most {SettlementWindow.MaxPeriods}."))
            : new SettlementWindow(config.Market.Id, first, (int)count);
    }

    private static void CheckSamePlan(SettleFiles files, RecordedPlan existing, SettlementPlan plan)
    {
        var recorded = existing.Plan.Obligations.Select(o => o.Id).ToHashSet();
        var fresh = plan.Obligations.Select(o => o.Id).ToHashSet();
        if (!recorded.SetEquals(fresh))
        {
            throw new InputFileException(files.Journal, 0, string.Create(CultureInfo.InvariantCulture,
                $"The journal already holds window {existing.WindowId}, planned at {existing.PlannedAt:u} from other inputs ({recorded.Except(fresh).Count()} recorded obligation(s) differ from these files). Settled history is never rewritten: settle other data in another journal or window."));
        }
    }

    /// <summary>Finds the readings the journal does not hold yet; a different reading already recorded for the same meter and
    /// period is refused (this command does not settle corrections).</summary>
    private static async Task<List<RecordedReading>> NewReadingsAsync(SettleFiles files, ISettlementJournal journal, List<Located<MeterReadingValidationResult>> accepted, CancellationToken cancellationToken)
    {
        var list = new List<RecordedReading>();
        foreach (var located in accepted)
        {
            var result = located.Value;
            var recorded = new RecordedReading
            {
                Reading = result.Reading,
                Participant = result.Participant!.Value,
                Period = result.Period!.Value,
                Revision = 0,
                RecordedAt = DateTimeOffset.UnixEpoch,
            };
            var revisions = await journal.GetReadingRevisionsAsync(result.Reading.Meter, result.Period!.Value.Start, cancellationToken).ConfigureAwait(false);
            if (revisions.Count == 0)
            {
                list.Add(recorded);
            }
            else if (!recorded.Equals(revisions[^1] with { RecordedAt = recorded.RecordedAt, CorrectionReason = null }))
            {
                throw new InputFileException(files.Readings, located.Line,
                    $"The journal already holds another reading of meter {result.Reading.Meter} for {result.Period}; corrections are not settled by this command.");
            }
        }

        return list;
    }

    private void PrintPlan(SettlementPlan plan)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"planned {plan.Obligations.Count} obligation(s), {plan.Legs.Count} payment leg(s), {plan.Batches.Count} batch(es); {plan.HeldTrades.Count} trade(s) held, {plan.CarriedForward.Count} amount(s) carried forward"));
        foreach (var held in plan.HeldTrades)
        {
            output.WriteLine($"held    trade {held.Trade.Id}: {held.Reason}, waiting for {string.Join(", ", held.WaitingFor)}");
        }

        foreach (var leg in plan.Legs)
        {
            output.WriteLine($"leg     {leg.Payer} pays {leg.Payee} {leg.Amount}");
        }
    }
}
