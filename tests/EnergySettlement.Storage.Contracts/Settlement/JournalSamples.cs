using EnergySettlement.Chains;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Storage.Contracts.Settlement;

/// <summary>Records the settlement journal contract tests write: readings, trades, batches and transitions with values
/// that catch lossy storage (sub-microsecond times, amounts beyond 64 bits, signature bytes, long texts).</summary>
public static class JournalSamples
{
    /// <summary>A time with ticks below the microsecond, which a store must keep exactly.</summary>
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    /// <summary>The first delivery period of the samples.</summary>
    public static readonly DeliveryPeriod Period = DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 11, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15));

    /// <summary>The samples' chain.</summary>
    public static readonly ChainId Chain = ChainId.Parse("eip155:31337");

    /// <summary>Ether on the samples' chain: 18 decimals, so amounts exceed 64 bits.</summary>
    public static readonly Asset Ether = new(AssetId.Parse("eip155:31337/slip44:60"), 18, "ETH");

    /// <summary>The samples' market.</summary>
    public static readonly MarketId Market = new("sunny-street");

    /// <summary>An account on the samples' chain.</summary>
    /// <param name="n">Distinguishes accounts.</param>
    /// <returns>The account.</returns>
    public static SettlementAccount Account(int n) =>
        SettlementAccount.Create(Chain, "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A reading of a meter for a period, signed with recognisable bytes.</summary>
    /// <param name="meter">The meter id text.</param>
    /// <param name="period">The period; <see cref="Period"/> when omitted.</param>
    /// <param name="exported">The exported energy (Wh); the export register is 10,000 plus it.</param>
    /// <param name="revision">The revision.</param>
    /// <returns>The record.</returns>
    public static RecordedReading Reading(string meter, DeliveryPeriod? period = null, long exported = 1_200, int revision = 0)
    {
        var p = period ?? Period;
        return new RecordedReading
        {
            Reading = new MeterReading
            {
                Meter = new MeterId(meter),
                IntervalStart = p.Start,
                IntervalLength = p.Length,
                Imported = new Energy(30),
                Exported = new Energy(exported),
                ImportRegisterWattHours = 5_000 + (p.Start.Ticks / TimeSpan.TicksPerMinute % 10_000),
                ExportRegisterWattHours = 10_000 + exported + (p.Start.Ticks / TimeSpan.TicksPerMinute % 10_000),
                Signature = Enumerable.Range(0, 64).Select(i => (byte)(i * 7 + exported)).ToArray(),
            },
            Participant = new ParticipantId("home-" + meter),
            Period = p,
            Revision = revision,
            RecordedAt = Now.AddSeconds(revision),
            CorrectionReason = revision == 0 ? null : "meter replaced; register re-read on site",
        };
    }

    /// <summary>A trade of the samples' market.</summary>
    /// <param name="buyOrder">The buy order id (distinguishes trades).</param>
    /// <param name="period">The period; <see cref="Period"/> when omitted.</param>
    /// <param name="wattHours">The energy.</param>
    /// <returns>The trade.</returns>
    public static Trade Trade(long buyOrder, DeliveryPeriod? period = null, long wattHours = 800) => new()
    {
        Market = Market,
        Period = period ?? Period,
        Buyer = new ParticipantId("home-b" + buyOrder),
        Seller = new ParticipantId("home-s"),
        BuyOrder = new OrderId(buyOrder),
        SellOrder = new OrderId(1),
        Price = new Price(new Money(123_456_789_012_345_678, Ether)),
        Quantity = new Energy(wattHours),
        ExecutedAt = Now.AddTicks(buyOrder),
        BuyerZone = new ZoneId("north"),
        SellerZone = new ZoneId("south"),
        NetworkFee = new Price(new Money(7, Ether)),
    };

    /// <summary>A planned batch paying <paramref name="payees"/> payouts of amounts beyond 64 bits.</summary>
    /// <param name="id">The batch id text.</param>
    /// <param name="payees">How many payouts.</param>
    /// <param name="scale">Scales the amounts, to make other content under the same id.</param>
    /// <returns>The record.</returns>
    public static SettlementBatchRecord Batch(string id, int payees = 3, long scale = 1) => new()
    {
        Batch = new SettlementBatch(
            new SettlementBatchId(id),
            Account(1),
            Ether,
            Enumerable.Range(0, payees).Select(i => new Payout(Account(100 + i), new Money(((Int128)ulong.MaxValue * scale) + i + 1, Ether), i % 2 == 0 ? $"o{i}-{id}" : null))),
        PlannedAt = Now,
    };

    /// <summary>A signed transaction for a batch with recognisable bytes.</summary>
    /// <param name="batch">The batch id text.</param>
    /// <param name="n">Distinguishes transactions.</param>
    /// <returns>The transaction.</returns>
    public static PreparedTransaction Transaction(string batch, int n = 1) => new()
    {
        BatchId = new SettlementBatchId(batch),
        ChainId = Chain,
        Payer = Account(1),
        TransactionId = new ChainTransactionId("0x" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(batch + "/" + n))).ToLowerInvariant()),
        RawTransaction = Enumerable.Range(0, 200 + n).Select(i => (byte)(i ^ n)).ToArray(),
        MaxFee = new Money(((Int128)1 << 70) + n, Ether),
        Sequence = (ulong)n + 41,
    };

    /// <summary>The transition that records <paramref name="transaction"/> as prepared.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="sequence">The transition's sequence.</param>
    /// <param name="attempt">The attempt.</param>
    /// <returns>The transition.</returns>
    public static BatchTransition Prepared(PreparedTransaction transaction, int sequence = 1, int attempt = 0) => new()
    {
        BatchId = transaction.BatchId,
        Sequence = sequence,
        Kind = BatchTransitionKind.Prepared,
        State = BatchState.Prepared,
        At = Now.AddSeconds(sequence),
        Attempt = attempt,
        TransactionId = transaction.TransactionId,
        Transaction = transaction,
        Role = TransactionRole.Original,
    };

    /// <summary>A transition about an already recorded transaction.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="sequence">The transition's sequence.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="state">The batch's state after it.</param>
    /// <param name="chainState">The observed chain state, for <see cref="BatchTransitionKind.Observed"/>.</param>
    /// <returns>The transition.</returns>
    public static BatchTransition Step(PreparedTransaction transaction, int sequence, BatchTransitionKind kind, BatchState state, SettlementState? chainState = null) => new()
    {
        BatchId = transaction.BatchId,
        Sequence = sequence,
        Kind = kind,
        State = state,
        At = Now.AddSeconds(sequence),
        TransactionId = transaction.TransactionId,
        ChainState = chainState,
        Confirmations = chainState is SettlementState.Included or SettlementState.Final ? 3 : 0,
        BlockHash = chainState is SettlementState.Included or SettlementState.Final ? "0x" + new string('b', 64) : null,
        BlockNumber = chainState is SettlementState.Included or SettlementState.Final ? 12_345_678_901UL : null,
        Detail = kind.ToString() + " — détail ünicode",
    };

    /// <summary>A token on the samples' chain, for legs converted from the quote asset.</summary>
    public static readonly Asset Token = new(AssetId.Parse("eip155:31337/erc20:0x00000000000000000000000000000000000000aa"), 6, "TKN");

    /// <summary>
    /// A recorded plan for a window of <paramref name="periods"/> periods from <paramref name="first"/>: two trades (one
    /// delivered, one held), a trade obligation and a grid-fee obligation per period, two legs (one converted at a rate),
    /// two batches, one amount carried forward, and the carried amounts given consumed.
    /// </summary>
    /// <param name="first">The first period; <see cref="Period"/> when omitted.</param>
    /// <param name="periods">How many periods the window spans.</param>
    /// <param name="consumes">Carried amounts the plan consumes.</param>
    /// <param name="reopened">Earlier periods the plan reopens.</param>
    /// <param name="held">Whether the plan holds a trade of each of its periods (and of each reopened one).</param>
    /// <param name="scale">Scales the amounts, to make other content for the same window.</param>
    /// <returns>The record.</returns>
    public static RecordedPlan Plan(DeliveryPeriod? first = null, int periods = 1, IReadOnlyList<CarriedAmountId>? consumes = null, IReadOnlyList<DeliveryPeriod>? reopened = null, bool held = true, long scale = 1)
    {
        var window = new SettlementWindow(Market, first ?? Period, periods);
        var seller = new ParticipantId("home-s");
        var grid = new ParticipantId("grid");
        var deliveries = new List<TradeDelivery>();
        var obligations = new List<Obligation>();
        var heldTrades = new List<HeldTrade>();
        var readings = new List<ParticipantReading>();
        var imbalances = new List<ImbalancePosition>();
        foreach (var period in window.Periods)
        {
            var trade = Trade(1, period);
            deliveries.Add(new TradeDelivery(trade, new Energy(800), new Energy(790), IsProvisional: false));
            readings.Add(new ParticipantReading(seller, period, new Energy(3), new Energy(800), revision: 2));
            imbalances.Add(new ImbalancePosition(trade.Buyer, period, new Energy(10), Energy.Zero, IsProvisional: false));
            obligations.Add(new Obligation(Market, period, ObligationReason.Trade, trade.Buyer, seller, new Money(((Int128)1 << 66) * scale, Ether), new Energy(790), trade.Id));
            obligations.Add(new Obligation(Market, period, ObligationReason.GridFee, trade.Buyer, grid, new Money(5 * scale, Ether), new Energy(790), trade: null, isProvisional: true));
            if (held)
            {
                heldTrades.Add(new HeldTrade(Trade(2, period), HoldReason.BuyerReadingMissing));
            }
        }

        // A reopened period gets a corrected reading and an adjustment of its trade obligation, not the original again.
        foreach (var period in reopened ?? [])
        {
            var trade = Trade(1, period);
            var original = new Obligation(Market, period, ObligationReason.Trade, trade.Buyer, seller, new Money((Int128)1 << 66, Ether), new Energy(790), trade.Id);
            readings.Add(new ParticipantReading(seller, period, new Energy(3), new Energy(810), revision: 3));
            obligations.Add(new Obligation(Market, period, ObligationReason.Trade, trade.Buyer, seller, new Money(7 * scale, Ether), new Energy(10), trade.Id, adjusts: original.Id, sequence: 1));
            if (held)
            {
                heldTrades.Add(new HeldTrade(Trade(2, period), HoldReason.BuyerReadingMissing));
            }
        }

        var buyer = obligations[0].Payer;
        var rate = new ExchangeRate(new Money(1_000_000_000_000, Ether), new Money(3_000, Token), "test-feed", Now.AddMinutes(-5));
        var carriedIds = consumes ?? [];
        var legToSeller = new SettlementLeg(window.Id, buyer, seller, Account(10), Account(11), new Money(((Int128)1 << 66) * scale * periods, Ether), new Money(((Int128)1 << 66) * scale * periods, Ether), null,
            obligations.Where(o => o.Reason == ObligationReason.Trade).Select(o => o.Id), carriedIds);
        var toGrid = rate.Convert(new Money(4 * scale * periods * 1_000_000_000_000, Ether), RoundingMode.HalfToEven);
        var legToGrid = new SettlementLeg(window.Id, buyer, grid, Account(10), Account(12), toGrid, new Money(4 * scale * periods * 1_000_000_000_000, Ether), rate,
            obligations.Where(o => o.Reason == ObligationReason.GridFee).Select(o => o.Id), []);
        var batchEther = new SettlementBatch(PlannedBatch.CreateId(window.Id, Account(10), Ether, 1), Account(10), Ether, [new Payout(Account(11), legToSeller.Amount)]);
        var batchToken = new SettlementBatch(PlannedBatch.CreateId(window.Id, Account(10), Token, 1), Account(10), Token, [new Payout(Account(12), legToGrid.Amount, "lg-ref")]);
        var carried = new CarriedAmount(window.Id, buyer, grid, new Money(scale * periods, Ether), obligations.Where(o => o.Reason == ObligationReason.GridFee).Select(o => o.Id), carriedIds);
        return new RecordedPlan
        {
            Plan = new SettlementPlan
            {
                Window = window,
                QuoteAsset = Ether,
                Deliveries = deliveries,
                Imbalances = imbalances,
                Readings = readings,
                Obligations = obligations,
                HeldTrades = heldTrades,
                Legs = [legToSeller, legToGrid],
                Batches = [new PlannedBatch(window.Id, 1, batchEther, [legToSeller]), new PlannedBatch(window.Id, 1, batchToken, [legToGrid])],
                CarriedForward = [carried],
                ConsumedCarriedAmounts = carriedIds,
                ExchangeRates = [rate],
            },
            PlannedAt = Now.AddMinutes(periods),
            ReadingsPosition = 17,
            ReopenedPeriods = reopened ?? [],
        };
    }
}
