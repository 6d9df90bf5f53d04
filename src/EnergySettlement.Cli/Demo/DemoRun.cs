using System.Globalization;
using System.Security.Cryptography;
using EnergySettlement.Chains;
using EnergySettlement.Matching;
using EnergySettlement.Meters;
using EnergySettlement.Testing;
using EnergySettlement.Trading;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Cli.Demo;

/// <summary>
/// Runs a neighbourhood market end to end: orders → matching → signed meter readings → obligations → payment on a
/// simulated chain, each batch exactly once, and checks that what was paid equals what was received.
/// </summary>
internal sealed class DemoRun
{
    private static readonly DateTimeOffset FirstPeriodStart = new(2026, 6, 21, 11, 0, 0, TimeSpan.Zero);

    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly Random _random;

    public DemoRun(DemoOptions options, Hosting.CliContext context)
    {
        _options = options;
        _out = context.Out;

        // Deterministic scenario from the seed: same seed, same market, same trades, same payments.
#pragma warning disable CA5394 // The scenario needs reproducible pseudo-randomness, not security.
        _random = new Random(options.Seed);
#pragma warning restore CA5394
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var chain = new SimulatedChain(new SimulatedChainOptions { Tokens = { ["EURC"] = 6 }, ConfirmationsForFinality = 3 });
        var provider = new SimulatedChainProvider(chain);
        var registry = new ChainProviderRegistry([provider]);
        var eurc = chain.GetAsset("EURC");
        var market = new MarketDefinition
        {
            Id = new MarketId("sunny-street"),
            QuoteAsset = eurc,
            TickSize = Money.Parse("0.001", eurc),
            MinPrice = Price.Parse("0 EURC/kWh", eurc),
            MaxPrice = Price.Parse("0.500 EURC/kWh", eurc),
            GateClosureLead = TimeSpan.FromMinutes(5),
        };

        var homes = CreateHomes(chain, eurc);
        try
        {
            foreach (var home in homes)
            {
                registry.ValidateAccount(home.Account);
            }

            Heading($"Market '{market.Id}': {homes.Count} homes, {_options.Periods} delivery periods of {market.PeriodLength.TotalMinutes} min, prices in {eurc.Symbol} on chain {chain.ChainId} (seed {_options.Seed})");
            foreach (var home in homes)
            {
                _out.WriteLine($"  {home.Participant,-8} {home.Kind,-9} meter {home.Meter}  account {home.Account}");
            }

            var mapping = new MarketBookMapping(market, new ParticipantDirectory());
            var trades = Trade(mapping, homes);
            var validator = new MeterReadingValidator(
                new InMemoryMeterRegistry(homes.Select(h => new MeterRegistration { Meter = h.Meter, Participant = h.Participant, RatedPowerWatts = 11_000, PublicKey = h.PublicKey })),
                [new EcdsaP256MeterSignatureVerifier()],
                new MeterValidationOptions { RequireSignatures = true, PeriodLength = market.PeriodLength },
                NullLogger<MeterReadingValidator>.Instance);
            var metered = Meter(validator, homes, trades);
            Reconcile(homes, trades, metered);
            var obligations = Obligations(homes, trades);
            return await SettleAsync(chain, provider, homes, eurc, obligations, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var home in homes)
            {
                home.Dispose();
            }
        }
    }

    private List<Home> CreateHomes(SimulatedChain chain, Asset eurc)
    {
        var homes = new List<Home>();
        for (var i = 1; i <= _options.Homes; i++)
        {
            var kind = (i % 4) switch { 1 or 2 => HomeKind.Solar, 3 => HomeKind.Consumer, _ => HomeKind.Battery };
            var home = new Home(i, kind, chain.Account($"home{i:00}"));
            chain.Fund(home.Account, Money.Parse("50", eurc));
            chain.Fund(home.Account, Money.Parse("1", chain.NativeAsset));
            homes.Add(home);
        }

        return homes;
    }

    private List<Trade> Trade(MarketBookMapping mapping, List<Home> homes)
    {
        Heading("Matching: continuous double auction per delivery period");
        var engine = new MatchingEngine();
        var trades = new List<Trade>();
        var period = DeliveryPeriod.Create(FirstPeriodStart, mapping.Market.PeriodLength);
        long nextOrderId = 1;
        for (var p = 0; p < _options.Periods; p++, period = period.Next)
        {
            var bookId = p + 1;
            engine.AddBook(mapping.CreateBookOptions(period, bookId));
            var sink = new EventCollector();
            var orders = homes.Select(h => OrderFor(h, p, period, mapping.Market, ref nextOrderId)).Where(o => o is not null).Select(o => o!).ToList();
            Shuffle(orders);
            var placedAt = period.Start - TimeSpan.FromMinutes(50);
            foreach (var order in orders)
            {
                placedAt += TimeSpan.FromSeconds(7);
                var timed = order with { SubmittedAt = placedAt };
                var error = mapping.TryCreateCommand(timed, bookId, out var command);
                if (error != OrderMappingError.None)
                {
                    _out.WriteLine($"  order {timed.Id} of {timed.Participant} refused: {error}");
                    continue;
                }

                engine.Process(command, ref sink);
            }

            // Gate closure: the book closes and what still rests expires.
            engine.Process(Command.CloseGate(bookId, mapping.Market.GateClosureOf(period).UtcTicks), ref sink);
            var periodTrades = sink.Events.Where(e => e.Kind == MatchingEventKind.Trade).Select(e => mapping.ToTrade(e, period)).ToList();
            var expired = sink.Events.Where(e => e.Kind == MatchingEventKind.Expired).Sum(e => e.Quantity);
            trades.AddRange(periodTrades);
            DrawPeriod(period, orders, periodTrades, expired);
        }

        return trades;
    }

    private Order? OrderFor(Home home, int periodIndex, DeliveryPeriod period, MarketDefinition market, ref long nextOrderId)
    {
        // Midday solar surplus grows over the periods; consumers draw steadily; batteries buy first, sell later.
        var (side, wattHours, priceTicks) = home.Kind switch
        {
            HomeKind.Solar => (Side.Sell, Math.Min(2_600, 400 + _random.Next(200, 900) + (periodIndex * 150)), _random.Next(60, 121)),
            HomeKind.Consumer => (Side.Buy, _random.Next(500, 1600), _random.Next(110, 261)),
            _ => periodIndex < _options.Periods / 2
                ? (Side.Buy, _random.Next(300, 800), _random.Next(70, 101))
                : (Side.Sell, _random.Next(300, 800), _random.Next(130, 171)),
        };

        return new Order
        {
            Id = new OrderId(nextOrderId++),
            Market = market.Id,
            Period = period,
            Participant = home.Participant,
            Side = side,
            LimitPrice = market.FromTicks(priceTicks),
            Quantity = new Energy(wattHours),
            SubmittedAt = period.Start,
        };
    }

    private Dictionary<(ParticipantId, DeliveryPeriod), MeterReadingValidationResult> Meter(MeterReadingValidator validator, List<Home> homes, List<Trade> trades)
    {
        Heading("Metering: each meter signs its reading (ECDSA P-256); the validator checks it");
        var accepted = new Dictionary<(ParticipantId, DeliveryPeriod), MeterReadingValidationResult>();
        var periods = trades.Select(t => t.Period).Distinct().Order().ToList();
        var shortHome = homes.First(h => h.Kind == HomeKind.Solar);
        var rejectedShown = false;
        foreach (var period in periods)
        {
            foreach (var home in homes)
            {
                var sold = trades.Where(t => t.Period == period && t.Seller == home.Participant).Sum(t => t.Quantity.WattHours);
                var bought = trades.Where(t => t.Period == period && t.Buyer == home.Participant).Sum(t => t.Quantity.WattHours);

                // What really flowed: one solar home delivers 10 % less than it sold (a passing cloud).
                var exported = home == shortHome ? sold * 9 / 10 : sold;
                home.ImportRegister += bought;
                home.ExportRegister += exported;
                var reading = Sign(home, new MeterReading
                {
                    Meter = home.Meter,
                    IntervalStart = period.Start,
                    IntervalLength = period.Length,
                    Imported = new Energy(bought),
                    Exported = new Energy(exported),
                    ImportRegisterWattHours = home.ImportRegister,
                    ExportRegisterWattHours = home.ExportRegister,
                });

                if (!rejectedShown && exported > 0)
                {
                    // A reading altered after signing (say, on a compromised gateway) must not count.
                    var tampered = reading with { Exported = new Energy(exported + 500), ExportRegisterWattHours = home.ExportRegister + 500 };
                    var rejected = validator.Validate(tampered);
                    _out.WriteLine($"  {home.Meter} {period}: tampered reading (+500 Wh) -> {rejected.Reason}: {rejected.Message}");
                    rejectedShown = true;
                }

                var result = validator.Validate(reading);
                if (!result.IsAccepted)
                {
                    throw new InvalidOperationException($"The demo's own reading was rejected: {result.Reason} {result.Message}");
                }

                accepted[(home.Participant, period)] = result;
            }
        }

        var duplicate = validator.Validate(accepted.Values.First().Reading);
        _out.WriteLine($"  the same reading sent twice -> {duplicate.Reason}");
        _out.WriteLine($"  {accepted.Count} readings accepted for {periods.Count} periods");
        return accepted;
    }

    private static MeterReading Sign(Home home, MeterReading reading) =>
        reading with { Signature = home.MeterKey.SignData(MeterReadingEncoding.Encode(reading), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) };

    private void Reconcile(List<Home> homes, List<Trade> trades, Dictionary<(ParticipantId, DeliveryPeriod), MeterReadingValidationResult> metered)
    {
        Heading("Reconciliation: traded vs metered energy (Wh)");
        _out.WriteLine($"  {"home",-8} {"sold",8} {"exported",9} {"bought",8} {"imported",9} {"imbalance",10}");
        foreach (var home in homes)
        {
            var sold = trades.Where(t => t.Seller == home.Participant).Sum(t => t.Quantity.WattHours);
            var bought = trades.Where(t => t.Buyer == home.Participant).Sum(t => t.Quantity.WattHours);
            var readings = metered.Where(m => m.Key.Item1 == home.Participant).Select(m => m.Value.Reading).ToList();
            var exported = readings.Sum(r => r.Exported.WattHours);
            var imported = readings.Sum(r => r.Imported.WattHours);
            var imbalance = (exported - sold) - (imported - bought);
            _out.WriteLine($"  {home.Participant,-8} {sold,8} {exported,9} {bought,8} {imported,9} {imbalance,10}{(imbalance != 0 ? "  <- delivered less than sold: an imbalance, reported for the grid operator" : string.Empty)}");
        }
    }

    private SortedDictionary<(string Payer, string Payee), Money> Obligations(List<Home> homes, List<Trade> trades)
    {
        Heading("Obligations: each trade's value (price x energy, rounded half-to-even to 1e-6 EURC), netted per pair of homes");
        var gross = new Dictionary<(ParticipantId Payer, ParticipantId Payee), Money>();
        foreach (var trade in trades)
        {
            var key = (trade.Buyer, trade.Seller);
            var value = trade.ValueOf(RoundingMode.HalfToEven);
            gross[key] = gross.TryGetValue(key, out var sum) ? sum + value : value;
        }

        var net = new SortedDictionary<(string Payer, string Payee), Money>();
        foreach (var ((payer, payee), amount) in gross)
        {
            var reverse = gross.TryGetValue((payee, payer), out var back) ? back : Money.Zero(amount.Asset);
            var difference = amount - reverse;
            if (difference.Amount > 0)
            {
                net[(payer.Value, payee.Value)] = difference;
            }
        }

        var number = 0;
        foreach (var ((payer, payee), amount) in net)
        {
            _out.WriteLine($"  o{++number,-3} {payer,-8} owes {payee,-8} {amount}");
        }

        _out.WriteLine($"  {trades.Count} trades, {gross.Count} gross obligations, {net.Count} after netting");
        return net;
    }

    private async Task<int> SettleAsync(SimulatedChain chain, SimulatedChainProvider provider, List<Home> homes, Asset eurc, SortedDictionary<(string Payer, string Payee), Money> obligations, CancellationToken cancellationToken)
    {
        Heading($"Settlement on {chain.ChainId}: one batch per payer, each journaled by id and paid exactly once");
        var byParticipant = homes.ToDictionary(h => h.Participant.Value);
        var before = homes.ToDictionary(h => h.Participant.Value, h => chain.GetBalance(h.Account, eurc));
        var prepared = new List<PreparedTransaction>();

        // Each payout carries its obligation's number as the on-chain reference (memo space is scarce: 80 bytes a transaction).
        var obligationNumbers = obligations.Keys.Select((key, i) => (key, i + 1)).ToDictionary(x => x.key, x => x.Item2);
        foreach (var group in obligations.GroupBy(o => o.Key.Payer))
        {
            var payer = byParticipant[group.Key];
            var payouts = group.Select(o => new Payout(byParticipant[o.Key.Payee].Account, o.Value, $"o{obligationNumbers[o.Key]}")).ToList();
            foreach (var batch in await SplitToFitAsync(provider, payer.Account, eurc, payouts, $"demo-{_options.Seed}-{group.Key}", cancellationToken).ConfigureAwait(false))
            {
                var quote = await provider.QuoteAsync(batch, cancellationToken).ConfigureAwait(false);
                var transaction = await provider.PrepareAsync(batch, cancellationToken).ConfigureAwait(false);
                var result = await provider.SubmitAsync(transaction, cancellationToken).ConfigureAwait(false);
                prepared.Add(transaction);
                _out.WriteLine($"  {batch.Id,-20} {batch.Payouts.Count,2} payouts, {batch.Total,-16} fee <= {quote.EstimatedFee}  tx {Short(transaction.TransactionId)} {result}");
            }
        }

        // A retry after a lost answer re-sends the same bytes: the chain already knows them.
        var again = await provider.SubmitAsync(prepared[0], cancellationToken).ConfigureAwait(false);
        _out.WriteLine($"  re-submitting {Short(prepared[0].TransactionId)} after a (pretend) lost answer -> {again}");

        chain.MineBlocks(chain.ConfirmationsForFinality);
        var final = 0;
        foreach (var transaction in prepared)
        {
            var status = await provider.GetStatusAsync(transaction, cancellationToken).ConfigureAwait(false);
            final += status.IsFinal ? 1 : 0;
            _out.WriteLine($"  {Short(transaction.TransactionId)} {status.State} at height {status.BlockNumber} with {status.Confirmations} confirmations");
        }

        Heading("Balances (EURC) and the invariant paid = received");
        Int128 paidOnChain = 0, receivedOnChain = 0;
        var expected = homes.ToDictionary(h => h.Participant.Value, _ => Int128.Zero);
        foreach (var ((payer, payee), amount) in obligations)
        {
            expected[payer] -= amount.Amount;
            expected[payee] += amount.Amount;
        }

        var consistent = true;
        foreach (var home in homes)
        {
            var after = chain.GetBalance(home.Account, eurc);
            var change = after - before[home.Participant.Value];
            paidOnChain += change.IsNegative ? -change.Amount : 0;
            receivedOnChain += change.IsNegative ? 0 : change.Amount;
            consistent &= change.Amount == expected[home.Participant.Value];
            _out.WriteLine($"  {home.Participant,-8} {before[home.Participant.Value],18} -> {after,18}  {Bar(change.Amount, eurc)}");
        }

        var owed = obligations.Values.Aggregate(Money.Zero(eurc), (s, m) => s + m);
        _out.WriteLine($"  owed {owed} in total; net balance decreases {new Money(paidOnChain, eurc)}, net increases {new Money(receivedOnChain, eurc)}; fees {chain.FeesBurned}");
        var ok = consistent && paidOnChain == receivedOnChain && final == prepared.Count;
        _out.WriteLine(ok
            ? $"  OK: {prepared.Count} batches final, every balance changed by exactly its obligations, paid = received."
            : "  FAILED: balances do not match the obligations.");
        return ok ? 0 : 1;
    }

    /// <summary>Splits payouts into batches that each fit one transaction, asking the provider (halving until the quote fits).</summary>
    private static async Task<List<SettlementBatch>> SplitToFitAsync(ChainSettlementProvider provider, SettlementAccount payer, Asset asset, List<Payout> payouts, string idPrefix, CancellationToken cancellationToken)
    {
        var batches = new List<SettlementBatch>();
        var pending = new Stack<List<Payout>>([payouts]);
        while (pending.TryPop(out var candidate))
        {
            // The id is the batch's idempotency key: payer and part number, so a re-run prepares the same batches.
            var batch = new SettlementBatch(new SettlementBatchId($"{idPrefix}-{batches.Count + 1}"), payer, asset, candidate);
            var quote = await provider.QuoteAsync(batch, cancellationToken).ConfigureAwait(false);
            if (quote.Fits)
            {
                batches.Add(batch);
            }
            else if (candidate.Count == 1)
            {
                throw new InvalidOperationException($"A single payout does not fit one transaction: {quote.Reason}");
            }
            else
            {
                var half = candidate.Count / 2;
                pending.Push(candidate[half..]);
                pending.Push(candidate[..half]);
            }
        }

        return batches;
    }

    private void DrawPeriod(DeliveryPeriod period, List<Order> orders, List<Trade> trades, long expiredWattHours)
    {
        var offered = orders.Where(o => o.Side == Side.Sell).Sum(o => o.Quantity.WattHours);
        var wanted = orders.Where(o => o.Side == Side.Buy).Sum(o => o.Quantity.WattHours);
        var traded = trades.Sum(t => t.Quantity.WattHours);
        var prices = trades.Select(t => t.Price.PerKilowattHour.Amount).DefaultIfEmpty().ToList();
        _out.WriteLine($"  {period.Start:HH:mm}Z  offered {Blocks(offered),-20} {offered,6} Wh");
        _out.WriteLine($"          wanted  {Blocks(wanted),-20} {wanted,6} Wh");
        _out.WriteLine($"          traded  {Blocks(traded),-20} {traded,6} Wh in {trades.Count} trades" +
            (trades.Count > 0 ? $" at {Format(prices.Min())}..{Format(prices.Max())} EURC/kWh" : string.Empty) + $"; {expiredWattHours} Wh expired at gate closure");
    }

    private static string Blocks(long wattHours) => new('#', (int)Math.Min(20, (wattHours + 499) / 500));

    private static string Bar(Int128 change, Asset asset)
    {
        var cents = (int)Int128.Clamp(change / (asset.UnitsPerWhole / 100), -40, 40);
        return cents >= 0 ? "|" + new string('+', cents) : new string('-', -cents) + "|";
    }

    private static string Format(Int128 amount) => (amount / 1000).ToString(CultureInfo.InvariantCulture) switch { var milli => "0." + milli.PadLeft(3, '0') };

    private static string Short(ChainTransactionId id) => id.Value.Length > 12 ? id.Value[..12] + "…" : id.Value;

    private void Heading(string text)
    {
        _out.WriteLine();
        _out.WriteLine(text);
    }

    private void Shuffle(List<Order> orders)
    {
        for (var i = orders.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (orders[i], orders[j]) = (orders[j], orders[i]);
        }
    }
}
