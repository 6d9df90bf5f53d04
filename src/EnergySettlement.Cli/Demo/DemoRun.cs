using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Matching;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Cli.Demo;

/// <summary>
/// Runs the demo end to end through the SDK: homes place orders with the <see cref="MarketOperator"/> (continuous
/// trading, gate closure 5 minutes ahead), meters sign their readings and the <see cref="MeterReadingValidator"/> checks
/// them, readings and trades are journaled in SQLite, and each hour is settled by the <see cref="SettlementService"/>: its
/// <see cref="SettlementService.SettleWindowAsync"/> plans the window (reconciliation against the meters, network fees
/// between feeders, imbalances, bilateral netting, routing, batching) and records it in the journal, and its passes pay
/// each batch on the chosen chain. The tool itself computes no payment: it
/// only checks afterwards that every obligation was settled exactly once and that paid equals received.
/// </summary>
internal sealed class DemoRun
{
    /// <summary>Midnight UTC of the simulated day (the June solstice, a long solar day).</summary>
    public static readonly DateTimeOffset DayStart = new(2026, 6, 21, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Periods settled together: one settlement window per hour.</summary>
    public const int PeriodsPerWindow = 4;

    /// <summary>
    /// The most energy the market may move from one feeder to the other in one delivery period, each way: 250 Wh per 15
    /// minutes (1 kW), deliberately small for a dozen homes so that, with the default seed, it binds around midday and
    /// in the evening and the demo shows congestion between the feeders.
    /// </summary>
    public static readonly Energy InterZoneTransferLimit = new(TransferLimitWattHours);

    private const long TransferLimitWattHours = 250;
    private static readonly ParticipantId GridOperator = new("grid-operator");
    private const int MaxSettlementPasses = 30;

    private readonly DemoOptions _options;
    private readonly CliContext _context;
    private readonly DemoView _view;

    public DemoRun(DemoOptions options, CliContext context)
    {
        _options = options;
        _context = context;
        _view = new DemoView(context);
    }

    /// <summary>Runs the demo, prints it, writes the JSON report and the chart when asked.</summary>
    /// <param name="cancellationToken">Ctrl-C: stops between steps (what is journaled stays consistent).</param>
    /// <returns>The exit code: 0 when every check passed, 1 otherwise.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var report = await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        _view.Summary(report);
        if (_options.JsonPath is { } json)
        {
            await DemoJson.WriteAsync(report, json, cancellationToken).ConfigureAwait(false);
            _view.Wrote("report", json);
        }

        if (_options.ChartPath is { } chart)
        {
            DemoChart.Draw(report, chart);
            _view.Wrote("chart", chart);
        }

        return report.Settlement.Ok ? ExitCodes.Ok : ExitCodes.SettlementFailed;
    }

    /// <summary>Runs the market and the settlement and builds the report (printing progress as it goes).</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report.</returns>
    public async Task<DemoReport> RunCoreAsync(CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var random = new Random(_options.Seed);
        var periods = _options.Periods;
        var homes = Neighbourhood.Create(_options.Scenario, _options.Homes, periods, random);
        var journalPath = _options.JournalPath ?? Path.Combine(Path.GetTempPath(), $"energy-settle-demo-{Guid.NewGuid():N}.db");
        if (_options.JournalPath is not null && File.Exists(journalPath))
        {
            throw new CliException(ExitCodes.InputError, $"The journal '{journalPath}' already exists; the demo starts a new market in a new journal. Give another file, or inspect that one with 'status'.");
        }

        try
        {
            await using var chain = DemoChains.Create(_options.Chain, _options.ChainSettings);
            return await RunMarketAsync(chain, homes, journalPath, random, wall, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var home in homes)
            {
                home.Dispose();
            }

            if (_options.JournalPath is null)
            {
                SqliteFiles.Delete(journalPath);
            }
        }
    }

    private async Task<DemoReport> RunMarketAsync(IDemoChain chain, List<Home> homes, string journalPath, Random random, Stopwatch wall, CancellationToken cancellationToken)
    {
        var clock = new DemoClock(DayStart - TimeSpan.FromHours(2));
        var accountNames = homes.Select(h => h.Participant.Value).Append(GridOperator.Value).ToList();
        var sink = new TradeSink();
        using var loggerFactory = _context.CreateLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(loggerFactory);
        services.AddEnergySettlement(es =>
        {
            foreach (var home in homes)
            {
                es.AddParticipant(new ParticipantRegistration { Participant = home.Participant, Zone = home.Zone });
            }

            es.Configure(o =>
            {
                foreach (var home in homes)
                {
                    o.Meters.Add(new MeterRegistration { Meter = home.Meter, Participant = home.Participant, RatedPowerWatts = 15_000, PublicKey = home.PublicKey });
                }
            });
            es.UseSqliteJournal(journalPath);
            chain.Register(es, accountNames);
        });

        await using var provider = services.BuildServiceProvider();
        var accounts = await chain.OpenAsync(provider, cancellationToken).ConfigureAwait(false);
        var asset = chain.QuoteAsset;
        var market = CreateMarket(asset);
        var planning = new SettlementPlanningOptions { Netting = NettingMode.Bilateral, ObligationRounding = RoundingMode.HalfToEven };
        planning.ImbalancePrices[market.Id] = new ImbalancePrices(ShortfallPrice: Price.Parse("0.300/kWh", asset), SurplusPrice: Price.Parse("0.050/kWh", asset));
        if (chain.MinimumPayout is { } minimumPayout)
        {
            planning.MinimumPayouts.Add(minimumPayout);
        }

        var journal = provider.GetRequiredService<ISettlementJournal>();
        var registry = provider.GetRequiredService<ChainProviderRegistry>();
        var validator = provider.GetRequiredService<MeterReadingValidator>();
        var participants = homes.Select(h => new SettlementParticipant(h.Participant, [new ParticipantAccount(accounts[h.Participant.Value], asset)]))
            .Append(new SettlementParticipant(GridOperator, [new ParticipantAccount(accounts[GridOperator.Value], asset)]))
            .ToList();
        var before = new Dictionary<string, Money>(StringComparer.Ordinal);
        foreach (var (name, account) in accounts)
        {
            before[name] = await chain.GetBalanceAsync(account, cancellationToken).ConfigureAwait(false);
        }

        _view.Introduction(_options, market, homes, chain, accounts, journalPath);

        var state = new RunState(homes, market, planning, participants, journal, registry, sink, clock);
        var marketOperator = new MarketOperator(market, new MarketOperatorOptions { RunScheduleOnTimer = false },
            provider.GetRequiredService<IParticipantRegistry>(), provider.GetRequiredService<IOrderJournal>(), clock, [sink], loggerFactory.CreateLogger<MarketOperator>());
        await using (marketOperator.ConfigureAwait(false))
        {
            using var settlement = new SettlementService(journal, registry, new SettlementOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(50) }, clock, loggerFactory,
                new SettlementPlanner(planning, loggerFactory.CreateLogger<SettlementPlanner>()));
            await marketOperator.StartAsync(cancellationToken).ConfigureAwait(false);
            var steps = Timeline(homes.Count, _options.Periods);
            await _view.RunWithProgressAsync(steps.Count, async advance =>
            {
                foreach (var step in steps)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    clock.MoveTo(step.At);
                    await marketOperator.RunScheduleAsync(cancellationToken).ConfigureAwait(false);
                    switch (step.Kind)
                    {
                        case StepKind.Trade:
                            await TradeAsync(marketOperator, state, step.Period, random, cancellationToken).ConfigureAwait(false);
                            break;
                        case StepKind.Meter:
                            await MeterAsync(validator, state, step.Period, cancellationToken).ConfigureAwait(false);
                            break;
                        default:
                            await SettleAsync(settlement, chain, state, step.Period, cancellationToken).ConfigureAwait(false);
                            break;
                    }

                    advance(step.Description);
                }
            }).ConfigureAwait(false);
        }

        var after = new Dictionary<string, Money>(StringComparer.Ordinal);
        foreach (var (name, account) in accounts)
        {
            after[name] = await chain.GetBalanceAsync(account, cancellationToken).ConfigureAwait(false);
        }

        var report = DemoReportBuilder.Build(_options, chain, market, planning, state, accounts, before, after, journalPath);
        report.ElapsedSeconds = Math.Round(wall.Elapsed.TotalSeconds, 2);
        return report;
    }

    private static MarketDefinition CreateMarket(Asset asset) => new()
    {
        Id = new MarketId("sunny-street"),
        QuoteAsset = asset,
        TickSize = Money.Parse("0.001", asset),
        MinPrice = Price.Parse("0/kWh", asset),
        MaxPrice = Price.Parse("0.500/kWh", asset),
        GateClosureLead = TimeSpan.FromMinutes(5),
        GridOperator = GridOperator,
        Grid = new MarketGrid
        {
            Zones = [Neighbourhood.FeederA, Neighbourhood.FeederB],

            // Carrying energy through the substation from one feeder to the other costs a network fee per kWh, owed to
            // the grid operator; inside a feeder there is none.
            NetworkFees =
            [
                new(Neighbourhood.FeederA, Neighbourhood.FeederB, InterZoneFee(asset)),
                new(Neighbourhood.FeederB, Neighbourhood.FeederA, InterZoneFee(asset)),
            ],

            // The substation's transformer carries at most this much from one feeder to the other in a period, each way.
            TransferLimits =
            [
                new(Neighbourhood.FeederA, Neighbourhood.FeederB, InterZoneTransferLimit),
                new(Neighbourhood.FeederB, Neighbourhood.FeederA, InterZoneTransferLimit),
            ],
        },
    };

    /// <summary>The network fee per kWh carried from one feeder to the other (0.015 per kWh of the quote asset).</summary>
    /// <param name="asset">The market's quote asset.</param>
    /// <returns>The fee.</returns>
    public static Price InterZoneFee(Asset asset) => Price.Parse("0.015/kWh", asset);

    /// <summary>
    /// The run's steps in time order: each period's orders 50 minutes ahead (its book closes 5 minutes ahead), its meter
    /// readings a minute after it ends, and each hour's settlement three minutes after the hour's last reading is due.
    /// </summary>
    private static List<Step> Timeline(int homes, int periods)
    {
        var length = DeliveryPeriod.DefaultLength;
        var steps = new List<Step>();
        for (var p = 0; p < periods; p++)
        {
            var period = DeliveryPeriod.Create(DayStart + (length * p), length);
            steps.Add(new Step(period.Start - TimeSpan.FromMinutes(50), StepKind.Trade, period, $"{homes} homes place orders for {period.Start:HH:mm}"));
            steps.Add(new Step(period.End + TimeSpan.FromMinutes(1), StepKind.Meter, period, $"meters sign {period.Start:HH:mm}"));
            if ((p + 1) % PeriodsPerWindow == 0 || p == periods - 1)
            {
                var first = DeliveryPeriod.Create(DayStart + (length * (p - (p % PeriodsPerWindow))), length);
                steps.Add(new Step(period.End + TimeSpan.FromMinutes(3), StepKind.Settle, first, $"settling {first.Start:HH:mm}-{period.End:HH:mm}"));
            }
        }

        return [.. steps.OrderBy(s => s.At).ThenBy(s => s.Kind)];
    }

    private static async Task TradeAsync(MarketOperator marketOperator, RunState state, DeliveryPeriod period, Random random, CancellationToken cancellationToken)
    {
        var index = RunState.IndexOf(period);
        var requests = new List<OrderRequest>();
        foreach (var home in state.Homes)
        {
            var net = home.Profile.ForecastNet[index];
            var share = 0.6 + (random.NextDouble() * 0.4);
            var quantity = (long)(Math.Abs(net) * share);
            var evening = (index % 96) >= 68;
            var ticks = net < 0
                ? (home.Kind == HomeKind.SolarBattery && evening ? random.Next(120, 201) : random.Next(55, 121))
                : random.Next(110, 261);
            if (quantity < 10)
            {
                continue;
            }

            requests.Add(new OrderRequest
            {
                Participant = home.Participant,
                Period = period,
                Side = net < 0 ? Side.Sell : Side.Buy,
                Quantity = new Energy(quantity),
                LimitPrice = state.Market.FromTicks(ticks),
            });
        }

        // Homes reach the market in a random order; all orders of the period go in together (one journal commit) and
        // the operator processes them in the order they were entered.
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(requests));
        var pending = requests.Select(r => marketOperator.SubmitAsync(r, cancellationToken).AsTask()).ToList();
        foreach (var result in await Task.WhenAll(pending).ConfigureAwait(false))
        {
            state.Orders++;
            if (!result.IsAccepted)
            {
                state.RejectedOrders.Add($"{period.Start:HH:mm}: {result.Reason} {result.Detail}");
            }
        }
    }

    private static async Task MeterAsync(MeterReadingValidator validator, RunState state, DeliveryPeriod period, CancellationToken cancellationToken)
    {
        var index = RunState.IndexOf(period);
        var accepted = new List<RecordedReading>(state.Homes.Count);
        foreach (var home in state.Homes)
        {
            var imported = home.Profile.Imported[index];
            var exported = home.Profile.Exported[index];
            home.ImportRegister += imported;
            home.ExportRegister += exported;
            var reading = Sign(home, new MeterReading
            {
                Meter = home.Meter,
                IntervalStart = period.Start,
                IntervalLength = period.Length,
                Imported = new Energy(imported),
                Exported = new Energy(exported),
                ImportRegisterWattHours = home.ImportRegister,
                ExportRegisterWattHours = home.ExportRegister,
            });

            if (state.Tampered is null && exported > 0)
            {
                // A reading altered after signing (say, on a compromised gateway) must not count.
                var tampered = reading with { Exported = new Energy(exported + 500), ExportRegisterWattHours = home.ExportRegister + 500 };
                var rejected = validator.Validate(tampered);
                state.Tampered = $"{home.Meter} {period.Start:HH:mm}: export raised by 500 Wh after signing -> {rejected.Reason}";
                state.MeterRejections.Add(state.Tampered);
            }

            var result = validator.Validate(reading);
            if (!result.IsAccepted)
            {
                state.MeterRejections.Add($"{home.Meter} {period.Start:HH:mm}: {result.Reason} {result.Message}");
                continue;
            }

            state.ReadingsAccepted++;
            accepted.Add(new RecordedReading
            {
                Reading = reading,
                Participant = home.Participant,
                Period = period,
                Revision = 0,
                RecordedAt = state.Clock.GetUtcNow(),
            });
        }

        // The period's accepted readings in one journal write (one transaction, one fsync), as a head-end delivers them.
        await state.Journal.AppendReadingsAsync(accepted, cancellationToken).ConfigureAwait(false);
    }

    private static MeterReading Sign(Home home, MeterReading reading) =>
        reading with { Signature = home.MeterKey.SignData(MeterReadingEncoding.Encode(reading), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) };

    private static async Task SettleAsync(SettlementService settlement, IDemoChain chain, RunState state, DeliveryPeriod first, CancellationToken cancellationToken)
    {
        var count = Math.Min(PeriodsPerWindow, state.Homes[0].Profile.Load.Length - RunState.IndexOf(first));
        var window = new SettlementWindow(state.Market.Id, first, count);
        var trades = new List<Trade>();
        var readings = new List<ParticipantReading>();
        long readingsPosition = 0;
        foreach (var period in window.Periods)
        {
            trades.AddRange(state.Sink.TradesOf(period));

            // The journal is the record: plan from the readings it holds, not from memory.
            foreach (var recorded in await state.Journal.GetLatestReadingsAsync(period, cancellationToken).ConfigureAwait(false))
            {
                readings.Add(new ParticipantReading(recorded.Participant, recorded.Period, recorded.Reading.Imported, recorded.Reading.Exported));
                readingsPosition = Math.Max(readingsPosition, recorded.Position);
            }
        }

        await state.Journal.AppendTradesAsync(trades, cancellationToken).ConfigureAwait(false);
        // The service plans the window, checks every batch can be paid and records the plan before anything is signed.
        var settled = await settlement.SettleWindowAsync(new SettlementPlanRequest
        {
            Window = window,
            Market = state.Market,
            AsOf = state.Clock.GetUtcNow(),
            Trades = trades,
            Readings = readings,
            Participants = state.Participants,
            Chains = SettlementPlanRequest.FromRegistry(state.Registry),
        }, readingsPosition, cancellationToken).ConfigureAwait(false);
        var plan = settled.Plan;
        state.Plans.Add(plan);

        // Pay: the service prepares, journals, submits and tracks each batch; the chain moves a block between passes.
        for (var pass = 0; ; pass++)
        {
            var result = await settlement.ProcessAsync(cancellationToken).ConfigureAwait(false);
            if (result.AllFinal)
            {
                break;
            }

            if (pass == MaxSettlementPasses)
            {
                state.Problems.Add($"Window {window.Id}: batches not final after {MaxSettlementPasses} blocks ({string.Join(", ", result.States.Where(s => s.Value > 0).Select(s => $"{s.Key} {s.Value}"))}).");
                break;
            }

            await chain.AdvanceAsync(cancellationToken).ConfigureAwait(false);
            state.Clock.Advance(chain.BlockInterval);
        }

        foreach (var batch in plan.Batches)
        {
            if (await settlement.GetBatchAsync(batch.Id, cancellationToken).ConfigureAwait(false) is { } history)
            {
                state.Batches.Add(history);
            }
        }
    }

    private enum StepKind
    {
        Settle,
        Meter,
        Trade,
    }

    private sealed record Step(DateTimeOffset At, StepKind Kind, DeliveryPeriod Period, string Description);
}
