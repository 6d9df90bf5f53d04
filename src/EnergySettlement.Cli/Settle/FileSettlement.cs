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
/// Settles a user's own trades and meter readings through the SDK: reads and checks every file, validates the readings
/// with <see cref="MeterReadingValidator"/>, plans the whole window with <see cref="SettlementPlanner"/> and rehearses the
/// payments against the chain's balances — all before anything is written — then records trades, readings and the plan in
/// the SQLite journal and lets the <see cref="SettlementService"/> pay each batch exactly once on the simulated chain.
/// </summary>
/// <remarks>Running it again on the same files and journal pays nothing twice: a window already planned is resumed, not
/// planned again; the same window with other inputs is refused.</remarks>
internal sealed class FileSettlement(TextWriter output, TimeProvider time, ILoggerFactory loggerFactory)
{
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

        // 2. Rehearse: plan the whole window and check it can be paid, on a read-only view of the chain.
        var rehearsal = SimulatedChainHost.OpenReadOnly(config, time);
        // A journal that does not exist yet reads as an empty one: it is created only once the rehearsal has passed.
        var sqlite = File.Exists(files.Journal) ? await OpenJournalAsync(files, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            return await SettleAsync(files, config, trades, accepted, window, rehearsal, sqlite, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (sqlite is not null)
            {
                await sqlite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<SettleOutcome> SettleAsync(SettleFiles files, SettlementConfig config, IReadOnlyList<Located<Trade>> trades, List<Located<MeterReadingValidationResult>> accepted, SettlementWindow window, SimulatedChainHost rehearsal, SqliteJournal? sqlite, CancellationToken cancellationToken)
    {
        ISettlementJournal journal = sqlite is null ? new InMemorySettlementJournal() : sqlite;
        var existing = await journal.GetPlanAsync(window.Id, cancellationToken).ConfigureAwait(false);
        var carried = existing is null ? await journal.GetOpenCarriedAmountsAsync(config.Market.Id, cancellationToken).ConfigureAwait(false) : [];
        var participantReadings = accepted
            .GroupBy(r => (r.Value.Participant!.Value, r.Value.Period!.Value))
            .Select(g => ParticipantReading.FromAccepted(g.Select(r => r.Value)))
            .ToList();
        var plan = Plan(files, config, window, trades, participantReadings, rehearsal, carried);
        if (existing is not null)
        {
            CheckSamePlan(files, existing, plan);
            output.WriteLine($"resume  window {window.Id} was planned at {existing.PlannedAt:yyyy-MM-dd HH:mm:ss}Z with the same inputs; finishing its batches");
            plan = existing.Plan;
        }
        else
        {
            await RehearseAsync(plan, rehearsal, cancellationToken).ConfigureAwait(false);
        }

        var newReadings = existing is null ? await NewReadingsAsync(files, journal, accepted, cancellationToken).ConfigureAwait(false) : [];
        PrintPlan(plan);

        // 3. Record, then pay.
        var host = SimulatedChainHost.Open(config, time, mustExist: false);
        await using var created = sqlite is null ? await OpenJournalAsync(files, cancellationToken).ConfigureAwait(false) : null;
        journal = (ISettlementJournal?)created ?? journal;
        if (existing is null)
        {
            await RecordAsync(journal, trades, newReadings, plan, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"journal {plan.Batches.Count} batch(es) recorded in {files.Journal} before any is signed");
        }

        return await PayAsync(journal, host, plan.Batches.Select(b => b.Id).ToArray(), output, time, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the settlement service over a journal and chain until the batches are final, and prints the result.</summary>
    /// <param name="journal">The journal.</param>
    /// <param name="host">The chain.</param>
    /// <param name="batches">The batches to finish.</param>
    /// <param name="output">Where progress goes.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Interrupts.</param>
    /// <returns>How the run ended.</returns>
    internal static async Task<SettleOutcome> PayAsync(ISettlementJournal journal, SimulatedChainHost host, IReadOnlyCollection<SettlementBatchId> batches, TextWriter output, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = new SettlementOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(200), MaxRetryAttempts = 2 };
        using var service = new SettlementService(journal, host.Registry, options, time, loggerFactory);
        var result = await new SettlementDriver(service, host, output).RunAsync(batches, cancellationToken).ConfigureAwait(false);
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

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settled {final} batch(es) final on {host.Chain.ChainId}, each paid exactly once"));
        return SettleOutcome.Settled;
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

    private SettlementPlan Plan(SettleFiles files, SettlementConfig config, SettlementWindow window, IReadOnlyList<Located<Trade>> trades, List<ParticipantReading> readings, SimulatedChainHost chain, IReadOnlyList<CarriedAmount> carried)
    {
        var request = new SettlementPlanRequest
        {
            Window = window,
            Market = config.Market,
            AsOf = time.GetUtcNow(),
            Trades = trades.Select(t => t.Value).ToList(),
            Readings = readings,
            Participants = config.Participants,
            Chains = SettlementPlanRequest.FromRegistry(chain.Registry),
            CarriedAmounts = carried,
        };
        try
        {
            return new SettlementPlanner(config.Planning, loggerFactory.CreateLogger<SettlementPlanner>()).Plan(request);
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

    /// <summary>Checks every batch fits its chain and every payer holds what its batches pay plus their fees.</summary>
    private static async Task RehearseAsync(SettlementPlan plan, SimulatedChainHost chain, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var needed = new Dictionary<(SettlementAccount, Asset), Money>();
        foreach (var planned in plan.Batches)
        {
            var batch = planned.Batch;
            var quote = await chain.Provider.QuoteAsync(batch, cancellationToken).ConfigureAwait(false);
            if (!quote.Fits)
            {
                problems.Add($"Batch {batch.Id} does not fit chain {batch.ChainId}: {quote.Reason}.");
            }

            Add(needed, (batch.Payer, batch.Asset), batch.Total);
            Add(needed, (batch.Payer, quote.EstimatedFee.Asset), quote.EstimatedFee);
        }

        foreach (var ((account, asset), amount) in needed.OrderBy(n => n.Key.Item1.ToString(), StringComparer.Ordinal))
        {
            var balance = await chain.Provider.GetBalanceAsync(account, asset, cancellationToken).ConfigureAwait(false);
            if (balance < amount)
            {
                problems.Add($"{account} must pay {amount} (payouts and fees) but holds {balance}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new SettlementRehearsalException(problems);
        }

        static void Add(Dictionary<(SettlementAccount, Asset), Money> sums, (SettlementAccount, Asset) key, Money amount) =>
            sums[key] = sums.TryGetValue(key, out var sum) ? sum + amount : amount;
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

    private async Task RecordAsync(ISettlementJournal journal, IReadOnlyList<Located<Trade>> trades, List<RecordedReading> readings, SettlementPlan plan, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await journal.AppendTradesAsync(trades.Select(t => t.Value).ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var reading in readings)
        {
            await journal.AppendReadingAsync(reading with { RecordedAt = now }, cancellationToken).ConfigureAwait(false);
        }

        long position = 0;
        foreach (var reading in plan.Readings.Count > 0 ? readings : [])
        {
            var revisions = await journal.GetReadingRevisionsAsync(reading.Meter, reading.Period.Start, cancellationToken).ConfigureAwait(false);
            position = Math.Max(position, revisions.Max(r => r.Position));
        }

        await journal.AppendPlanAsync(new RecordedPlan { Plan = plan, PlannedAt = now, ReadingsPosition = position }, cancellationToken).ConfigureAwait(false);
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
