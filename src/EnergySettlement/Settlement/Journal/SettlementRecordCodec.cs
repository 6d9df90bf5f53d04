using System.Globalization;

namespace EnergySettlement.Settlement;

/// <summary>
/// The canonical binary encoding of settlement journal records, for storage implementations that keep records as bytes
/// (with the columns they query beside them): the same content always gives the same bytes, so comparing encodings is how
/// "same key, same content" is decided, and decoding gives back an equal record.
/// </summary>
/// <remarks>
/// Each encoding starts with a four-letter tag and a version byte; integers are big-endian, texts length-prefixed UTF-8,
/// amounts 128-bit with their asset, times in UTC ticks with their offset. Decoding is strict: any other tag or version,
/// a short or long input, or a field that breaks its type's rules throws <see cref="FormatException"/>. Thread-safe.
/// </remarks>
public static class SettlementRecordCodec
{
    private const byte Version = 1;

    /// <summary>Encodes a recorded plan: the whole plan (deliveries, imbalances, readings, obligations, held trades, legs,
    /// batches, carried and consumed amounts, rates) and the record's planning time, readings position and reopened periods.</summary>
    /// <param name="plan">The record.</param>
    /// <returns>The bytes; <see cref="RecordedPlan.Position"/> is not encoded.</returns>
    public static byte[] EncodePlan(RecordedPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var w = Start("ESPL", 4096);
        var p = plan.Plan;
        w.Time(plan.PlannedAt);
        w.Int64(plan.ReadingsPosition);
        w.Int32(plan.ReopenedPeriods.Count);
        foreach (var period in plan.ReopenedPeriods)
        {
            w.Period(period);
        }

        w.Text(p.Window.Market.Value);
        w.Period(p.Window.FirstPeriod);
        w.Int32(p.Window.PeriodCount);
        w.Asset(p.QuoteAsset);
        w.Int32(p.Deliveries.Count);
        foreach (var d in p.Deliveries)
        {
            w.Trade(d.Trade);
            w.Energy(d.SellerAllocation);
            w.Energy(d.BuyerAllocation);
            w.Bool(d.IsProvisional);
        }

        w.Int32(p.Imbalances.Count);
        foreach (var i in p.Imbalances)
        {
            w.Text(i.Participant.Value);
            w.Period(i.Period);
            w.Energy(i.Shortfall);
            w.Energy(i.Surplus);
            w.Bool(i.IsProvisional);
        }

        w.Int32(p.Readings.Count);
        foreach (var r in p.Readings)
        {
            w.Text(r.Participant.Value);
            w.Period(r.Period);
            w.Energy(r.Imported);
            w.Energy(r.Exported);
            w.Int32(r.Revision);
        }

        w.Int32(p.Obligations.Count);
        foreach (var o in p.Obligations)
        {
            w.Obligation(o);
        }

        w.Int32(p.HeldTrades.Count);
        foreach (var h in p.HeldTrades)
        {
            w.Held(h);
        }

        w.Int32(p.Legs.Count);
        var legIndex = new Dictionary<SettlementLeg, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < p.Legs.Count; i++)
        {
            w.Leg(p.Legs[i]);
            legIndex.TryAdd(p.Legs[i], i);
        }

        w.Int32(p.Batches.Count);
        foreach (var b in p.Batches)
        {
            w.Text(b.Window.Value);
            w.Int32(b.Part);
            w.Batch(b.Batch);
            foreach (var leg in b.Legs)
            {
                // A batch's legs are the plan's legs: written as their places in the plan's list.
                w.Int32(legIndex.TryGetValue(leg, out var at) ? at : IndexOfEqual(p.Legs, leg));
            }
        }

        w.Int32(p.CarriedForward.Count);
        foreach (var c in p.CarriedForward)
        {
            w.Carried(c);
        }

        w.Int32(p.ConsumedCarriedAmounts.Count);
        foreach (var id in p.ConsumedCarriedAmounts)
        {
            w.Text(id.Value);
        }

        w.Int32(p.ExchangeRates.Count);
        foreach (var rate in p.ExchangeRates)
        {
            w.Rate(rate);
        }

        return w.ToArray();
    }

    /// <summary>Decodes a recorded plan.</summary>
    /// <param name="bytes">Bytes from <see cref="EncodePlan"/>.</param>
    /// <param name="position">The journal position to give the record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The bytes are not a recorded plan of this version.</exception>
    public static RecordedPlan DecodePlan(ReadOnlySpan<byte> bytes, long position = 0)
    {
        try
        {
            var r = Open(bytes, "ESPL");
            var plannedAt = r.Time();
            var readingsPosition = r.Int64();
            var reopened = new DeliveryPeriod[r.Count()];
            for (var i = 0; i < reopened.Length; i++)
            {
                reopened[i] = r.Period();
            }

            var window = new SettlementWindow(new MarketId(r.Text()), r.Period(), r.Int32());
            var quote = r.Asset();
            var deliveries = new TradeDelivery[r.Count()];
            for (var i = 0; i < deliveries.Length; i++)
            {
                deliveries[i] = new TradeDelivery(r.Trade(), r.Energy(), r.Energy(), r.Bool());
            }

            var imbalances = new ImbalancePosition[r.Count()];
            for (var i = 0; i < imbalances.Length; i++)
            {
                imbalances[i] = new ImbalancePosition(new ParticipantId(r.Text()), r.Period(), r.Energy(), r.Energy(), r.Bool());
            }

            var readings = new ParticipantReading[r.Count()];
            for (var i = 0; i < readings.Length; i++)
            {
                readings[i] = new ParticipantReading(new ParticipantId(r.Text()), r.Period(), r.Energy(), r.Energy(), r.Int32());
            }

            var obligations = new Obligation[r.Count()];
            for (var i = 0; i < obligations.Length; i++)
            {
                obligations[i] = r.Obligation();
            }

            var held = new HeldTrade[r.Count()];
            for (var i = 0; i < held.Length; i++)
            {
                held[i] = r.Held();
            }

            var legs = new SettlementLeg[r.Count()];
            for (var i = 0; i < legs.Length; i++)
            {
                legs[i] = r.Leg();
            }

            var batches = new PlannedBatch[r.Count()];
            for (var i = 0; i < batches.Length; i++)
            {
                var batchWindow = new SettlementWindowId(r.Text());
                var part = r.Int32();
                var batch = r.Batch();
                var batchLegs = new SettlementLeg[batch.Payouts.Count];
                for (var k = 0; k < batchLegs.Length; k++)
                {
                    var at = r.Int32();
                    batchLegs[k] = at >= 0 && at < legs.Length ? legs[at] : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"batch {batch.Id} names leg {at} of {legs.Length}"));
                }

                batches[i] = new PlannedBatch(batchWindow, part, batch, batchLegs);
            }

            var carried = new CarriedAmount[r.Count()];
            for (var i = 0; i < carried.Length; i++)
            {
                carried[i] = r.Carried();
            }

            var consumed = new CarriedAmountId[r.Count()];
            for (var i = 0; i < consumed.Length; i++)
            {
                consumed[i] = new CarriedAmountId(r.Text());
            }

            var rates = new ExchangeRate[r.Count()];
            for (var i = 0; i < rates.Length; i++)
            {
                rates[i] = r.Rate();
            }

            End(r);
            return new RecordedPlan
            {
                Plan = new SettlementPlan
                {
                    Window = window,
                    QuoteAsset = quote,
                    Deliveries = deliveries,
                    Imbalances = imbalances,
                    Readings = readings,
                    Obligations = obligations,
                    HeldTrades = held,
                    Legs = legs,
                    Batches = batches,
                    CarriedForward = carried,
                    ConsumedCarriedAmounts = consumed,
                    ExchangeRates = rates,
                },
                PlannedAt = plannedAt,
                ReadingsPosition = readingsPosition,
                ReopenedPeriods = reopened,
                Position = position,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new FormatException($"Not a valid recorded plan: {ex.Message}", ex);
        }
    }

    /// <summary>Encodes an obligation.</summary>
    /// <param name="obligation">The obligation.</param>
    /// <returns>The bytes.</returns>
    public static byte[] EncodeObligation(Obligation obligation)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        var w = Start("ESOB", 256);
        w.Obligation(obligation);
        return w.ToArray();
    }

    /// <summary>Decodes an obligation (its id is derived from the decoded content, so it matches the original's).</summary>
    /// <param name="bytes">Bytes from <see cref="EncodeObligation"/>.</param>
    /// <returns>The obligation.</returns>
    /// <exception cref="FormatException">The bytes are not an obligation of this version.</exception>
    public static Obligation DecodeObligation(ReadOnlySpan<byte> bytes) => Decode(bytes, "ESOB", static (ref RecordReader r) => r.Obligation());

    /// <summary>Encodes a carried amount, with whether and by which window it was consumed.</summary>
    /// <param name="carried">The carried amount.</param>
    /// <returns>The bytes.</returns>
    public static byte[] EncodeCarriedAmount(CarriedAmount carried)
    {
        ArgumentNullException.ThrowIfNull(carried);
        var w = Start("ESCF", 256);
        w.Carried(carried);
        return w.ToArray();
    }

    /// <summary>Decodes a carried amount.</summary>
    /// <param name="bytes">Bytes from <see cref="EncodeCarriedAmount"/>.</param>
    /// <returns>The carried amount.</returns>
    /// <exception cref="FormatException">The bytes are not a carried amount of this version.</exception>
    public static CarriedAmount DecodeCarriedAmount(ReadOnlySpan<byte> bytes) => Decode(bytes, "ESCF", static (ref RecordReader r) => r.Carried());

    /// <summary>Encodes a held trade.</summary>
    /// <param name="held">The held trade.</param>
    /// <returns>The bytes.</returns>
    public static byte[] EncodeHeldTrade(HeldTrade held)
    {
        ArgumentNullException.ThrowIfNull(held);
        var w = Start("ESHT", 256);
        w.Held(held);
        return w.ToArray();
    }

    /// <summary>Decodes a held trade.</summary>
    /// <param name="bytes">Bytes from <see cref="EncodeHeldTrade"/>.</param>
    /// <returns>The held trade.</returns>
    /// <exception cref="FormatException">The bytes are not a held trade of this version.</exception>
    public static HeldTrade DecodeHeldTrade(ReadOnlySpan<byte> bytes) => Decode(bytes, "ESHT", static (ref RecordReader r) => r.Held());

    /// <summary>Encodes a trade.</summary>
    /// <param name="trade">The trade.</param>
    /// <returns>The bytes.</returns>
    public static byte[] EncodeTrade(Trading.Trade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var w = Start("ESTR", 256);
        w.Trade(trade);
        return w.ToArray();
    }

    /// <summary>Decodes a trade.</summary>
    /// <param name="bytes">Bytes from <see cref="EncodeTrade"/>.</param>
    /// <returns>The trade.</returns>
    /// <exception cref="FormatException">The bytes are not a trade of this version.</exception>
    public static Trading.Trade DecodeTrade(ReadOnlySpan<byte> bytes) => Decode(bytes, "ESTR", static (ref RecordReader r) => r.Trade());

    /// <summary>Encodes a planned batch record (its <see cref="SettlementBatchRecord.Position"/> is not encoded).</summary>
    /// <param name="record">The record.</param>
    /// <returns>The bytes.</returns>
    public static byte[] EncodeBatch(SettlementBatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var w = Start("ESBA", 512);
        w.Batch(record.Batch);
        w.Time(record.PlannedAt);
        w.Text(record.Window?.Value);
        return w.ToArray();
    }

    /// <summary>Decodes a planned batch record.</summary>
    /// <param name="bytes">Bytes from <see cref="EncodeBatch"/>.</param>
    /// <param name="position">The journal position to give the record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The bytes are not a batch record of this version.</exception>
    public static SettlementBatchRecord DecodeBatch(ReadOnlySpan<byte> bytes, long position = 0)
    {
        var record = Decode(bytes, "ESBA", static (ref RecordReader r) => new SettlementBatchRecord
        {
            Batch = r.Batch(),
            PlannedAt = r.Time(),
            Window = r.NullableText() is { } window ? new SettlementWindowId(window) : null,
        });
        return record with { Position = position };
    }

    private static RecordWriter Start(string tag, int capacity)
    {
        var w = new RecordWriter(capacity);
        foreach (var c in tag)
        {
            w.Byte((byte)c);
        }

        w.Byte(Version);
        return w;
    }

    private static RecordReader Open(ReadOnlySpan<byte> bytes, string tag)
    {
        var r = new RecordReader(bytes);
        foreach (var c in tag)
        {
            if (r.Byte() != (byte)c)
            {
                throw new FormatException($"expected a record tagged '{tag}'");
            }
        }

        var version = r.Byte();
        return version == Version ? r : throw new FormatException($"record version {version}; this version reads {Version}");
    }

    private static void End(RecordReader r)
    {
        if (!r.AtEnd)
        {
            throw new FormatException("bytes follow the record");
        }
    }

    private static T Decode<T>(ReadOnlySpan<byte> bytes, string tag, ReadRecord<T> read)
    {
        try
        {
            var r = Open(bytes, tag);
            var value = read(ref r);
            End(r);
            return value;
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new FormatException($"Not a valid '{tag}' record: {ex.Message}", ex);
        }
    }

    private static int IndexOfEqual(IReadOnlyList<SettlementLeg> legs, SettlementLeg leg)
    {
        for (var i = 0; i < legs.Count; i++)
        {
            if (legs[i].Id == leg.Id)
            {
                return i;
            }
        }

        throw new ArgumentException($"Batch leg {leg.Id} is not among the plan's legs.", nameof(leg));
    }

    private delegate T ReadRecord<T>(ref RecordReader reader);
}
