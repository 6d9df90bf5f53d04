using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// Writes the canonical binary form of journal records: big-endian integers, length-prefixed UTF-8 texts (length −1 for
/// <see langword="null"/>), every field in a fixed order. The same content always gives the same bytes.
/// </summary>
internal sealed class RecordWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public RecordWriter(int capacity = 1024) => _buffer = new ArrayBufferWriter<byte>(capacity);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Int128(Int128 value)
    {
        BinaryPrimitives.WriteInt128BigEndian(_buffer.GetSpan(16), value);
        _buffer.Advance(16);
    }

    public void Text(string? text)
    {
        if (text is null)
        {
            Int32(-1);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(text);
        Int32(count);
        Encoding.UTF8.GetBytes(text, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    /// <summary>Writes an obligation id exactly as <see cref="Text(string)"/> writes its text, without building the text
    /// (ids are ASCII, so one byte per character).</summary>
    public void Text(ObligationId? id)
    {
        if (id is not { } value)
        {
            Int32(-1);
            return;
        }

        Span<char> text = stackalloc char[value.Length];
        value.Write(text);
        Int32(text.Length);
        var bytes = _buffer.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }

        _buffer.Advance(text.Length);
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        Int32(bytes.Length);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    public void Time(DateTimeOffset time)
    {
        Int64(time.UtcTicks);
        Int32((int)time.Offset.TotalMinutes);
    }

    public void Period(DeliveryPeriod period)
    {
        Int64(period.Start.UtcTicks);
        Int64(period.Length.Ticks);
    }

    public void Asset(Asset asset)
    {
        Text(asset.Id.ToString());
        Int32(asset.Decimals);
        Text(asset.Symbol);
    }

    public void Money(Money money)
    {
        Asset(money.Asset);
        Int128(money.Amount);
    }

    public void Energy(Energy energy) => Int64(energy.WattHours);

    public void Account(SettlementAccount account) => Text(account.ToString());

    public void Trade(Trade trade)
    {
        Text(trade.Market.Value);
        Period(trade.Period);
        Text(trade.Buyer.Value);
        Text(trade.Seller.Value);
        Int64(trade.BuyOrder.Value);
        Int64(trade.SellOrder.Value);
        Money(trade.Price.PerKilowattHour);
        Energy(trade.Quantity);
        Time(trade.ExecutedAt);
        Text(trade.BuyerZone?.Value);
        Text(trade.SellerZone?.Value);
        Bool(trade.NetworkFee is not null);
        if (trade.NetworkFee is { } fee)
        {
            Money(fee.PerKilowattHour);
        }
    }

    public void Batch(SettlementBatch batch)
    {
        Text(batch.Id.Value);
        Account(batch.Payer);
        Asset(batch.Asset);
        Int32(batch.Payouts.Count);
        foreach (var payout in batch.Payouts)
        {
            Account(payout.Payee);
            Money(payout.Amount);
            Text(payout.Reference);
        }
    }

    public void Rate(ExchangeRate rate)
    {
        Money(rate.From);
        Money(rate.To);
        Text(rate.Source);
        Time(rate.ObservedAt);
    }

    public void Obligation(Obligation o)
    {
        Text(o.Market.Value);
        Period(o.Period);
        Int32((int)o.Reason);
        Text(o.Payer.Value);
        Text(o.Payee.Value);
        Money(o.Amount);
        Energy(o.Energy);
        Text(o.Trade?.Value);
        Bool(o.IsProvisional);
        Text(o.Adjusts);
        Int32(o.Sequence);
    }

    public void Carried(CarriedAmount c)
    {
        Text(c.Window.Value);
        Text(c.Payer.Value);
        Text(c.Payee.Value);
        Money(c.Amount);
        Int32(c.Obligations.Count);
        foreach (var id in c.Obligations)
        {
            Text(id);
        }

        Int32(c.CarriedAmounts.Count);
        foreach (var id in c.CarriedAmounts)
        {
            Text(id.Value);
        }

        Text(c.ConsumedBy?.Value);
    }

    public void Held(HeldTrade held)
    {
        Trade(held.Trade);
        Int32((int)held.Reason);
    }

    public void Leg(SettlementLeg leg)
    {
        Text(leg.Window.Value);
        Text(leg.Payer.Value);
        Text(leg.Payee.Value);
        Account(leg.From);
        Account(leg.To);
        Money(leg.Amount);
        Money(leg.QuoteAmount);
        Bool(leg.Rate is not null);
        if (leg.Rate is { } rate)
        {
            Rate(rate);
        }

        Int32(leg.Obligations.Count);
        foreach (var id in leg.Obligations)
        {
            Text(id);
        }

        Int32(leg.CarriedAmounts.Count);
        foreach (var id in leg.CarriedAmounts)
        {
            Text(id.Value);
        }
    }
}
