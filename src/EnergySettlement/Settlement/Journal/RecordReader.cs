using System.Buffers.Binary;
using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>Reads what <see cref="RecordWriter"/> wrote, strictly: a short, long or malformed input throws <see cref="FormatException"/>.</summary>
internal ref struct RecordReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    public RecordReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _bytes.Length;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new FormatException($"expected a boolean byte 0 or 1, found {b}"),
    };

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public Int128 Int128() => BinaryPrimitives.ReadInt128BigEndian(Take(16));

    public string? NullableText()
    {
        var count = Int32();
        if (count == -1)
        {
            return null;
        }

        if (count < 0)
        {
            throw new FormatException($"a text length of {count}");
        }

        return StrictUtf8.GetString(Take(count));
    }

    public string Text() => NullableText() ?? throw new FormatException("a required text is missing");

    public byte[] Bytes()
    {
        var count = Int32();
        return count < 0 ? throw new FormatException($"a byte length of {count}") : Take(count).ToArray();
    }

    public DateTimeOffset Time()
    {
        var ticks = Int64();
        var offset = TimeSpan.FromMinutes(Int32());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    public DeliveryPeriod Period()
    {
        var start = new DateTimeOffset(Int64(), TimeSpan.Zero);
        return DeliveryPeriod.Create(start, TimeSpan.FromTicks(Int64()));
    }

    public Asset Asset()
    {
        var id = AssetId.Parse(Text());
        var decimals = Int32();
        return new Asset(id, decimals, Text());
    }

    public Money Money()
    {
        var asset = Asset();
        return new Money(Int128(), asset);
    }

    public Energy Energy() => new(Int64());

    public SettlementAccount Account() => SettlementAccount.Parse(Text());

    public Trade Trade()
    {
        var market = new MarketId(Text());
        var period = Period();
        var buyer = new ParticipantId(Text());
        var seller = new ParticipantId(Text());
        var buyOrder = new OrderId(Int64());
        var sellOrder = new OrderId(Int64());
        var price = new Price(Money());
        var quantity = Energy();
        var executedAt = Time();
        var buyerZone = NullableText() is { } bz ? new ZoneId(bz) : (ZoneId?)null;
        var sellerZone = NullableText() is { } sz ? new ZoneId(sz) : (ZoneId?)null;
        var networkFee = Bool() ? new Price(Money()) : (Price?)null;
        return new Trade
        {
            Market = market,
            Period = period,
            Buyer = buyer,
            Seller = seller,
            BuyOrder = buyOrder,
            SellOrder = sellOrder,
            Price = price,
            Quantity = quantity,
            ExecutedAt = executedAt,
            BuyerZone = buyerZone,
            SellerZone = sellerZone,
            NetworkFee = networkFee,
        };
    }

    public SettlementBatch Batch()
    {
        var id = new SettlementBatchId(Text());
        var payer = Account();
        var asset = Asset();
        var count = Count();
        var payouts = new Payout[count];
        for (var i = 0; i < count; i++)
        {
            payouts[i] = new Payout(Account(), Money(), NullableText());
        }

        return new SettlementBatch(id, payer, asset, payouts);
    }

    public ExchangeRate Rate()
    {
        var from = Money();
        var to = Money();
        var source = Text();
        return new ExchangeRate(from, to, source, Time());
    }

    public Obligation Obligation()
    {
        var market = new MarketId(Text());
        var period = Period();
        var reason = (ObligationReason)Int32();
        var payer = new ParticipantId(Text());
        var payee = new ParticipantId(Text());
        var amount = Money();
        var energy = Energy();
        var trade = NullableText() is { } t ? new TradeId(t) : (TradeId?)null;
        var provisional = Bool();
        var adjusts = NullableText() is { } a ? new ObligationId(a) : (ObligationId?)null;
        return new Obligation(market, period, reason, payer, payee, amount, energy, trade, provisional, adjusts, Int32());
    }

    public CarriedAmount Carried()
    {
        var window = new SettlementWindowId(Text());
        var payer = new ParticipantId(Text());
        var payee = new ParticipantId(Text());
        var amount = Money();
        var obligations = new ObligationId[Count()];
        for (var i = 0; i < obligations.Length; i++)
        {
            obligations[i] = new ObligationId(Text());
        }

        var carried = new CarriedAmountId[Count()];
        for (var i = 0; i < carried.Length; i++)
        {
            carried[i] = new CarriedAmountId(Text());
        }

        var consumedBy = NullableText() is { } c ? new SettlementWindowId(c) : (SettlementWindowId?)null;
        return new CarriedAmount(window, payer, payee, amount, obligations, carried, consumedBy);
    }

    public HeldTrade Held()
    {
        var trade = Trade();
        return new HeldTrade(trade, (HoldReason)Int32());
    }

    public SettlementLeg Leg()
    {
        var window = new SettlementWindowId(Text());
        var payer = new ParticipantId(Text());
        var payee = new ParticipantId(Text());
        var from = Account();
        var to = Account();
        var amount = Money();
        var quote = Money();
        var rate = Bool() ? Rate() : null;
        var obligations = new ObligationId[Count()];
        for (var i = 0; i < obligations.Length; i++)
        {
            obligations[i] = new ObligationId(Text());
        }

        var carried = new CarriedAmountId[Count()];
        for (var i = 0; i < carried.Length; i++)
        {
            carried[i] = new CarriedAmountId(Text());
        }

        return new SettlementLeg(window, payer, payee, from, to, amount, quote, rate, obligations, carried);
    }

    /// <summary>Reads a list count: not negative, and no more items than bytes left (every item takes at least one byte).</summary>
    public int Count()
    {
        var count = Int32();
        return count < 0 || count > _bytes.Length - _position ? throw new FormatException($"a list count of {count}") : count;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _bytes.Length - _position)
        {
            throw new FormatException("the record ends early");
        }

        var span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }
}
