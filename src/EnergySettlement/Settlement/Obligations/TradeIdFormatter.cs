using System.Globalization;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>Writes trade ids (<see cref="Trade.Id"/>: <c>market/periodStart/buy-sell@ticks</c>) without the composite
/// format and interpolation <see cref="Trade.Id"/> uses, a million at a time. Tests check both writers against
/// <see cref="Trade.Id"/>.</summary>
/// <remarks>An instance keeps the last prefix and is not thread-safe; the static members are.</remarks>
internal sealed class TradeIdFormatter
{
    // "yyyyMMdd'T'HHmmss'Z'" is 16 characters; three longs of at most 20 characters, a slash and two separators.
    private const int MaxTail = 16 + 1 + 64;

    private string? _idPrefix;
    private DeliveryPeriod _idPrefixPeriod;
    private MarketId _idPrefixMarket;

    /// <summary>The trade's <see cref="Trade.Id"/>, built from a prefix kept per market and period instead of
    /// formatting the date for every trade.</summary>
    public TradeId Format(Trade trade)
    {
        if (_idPrefix is null || trade.Period != _idPrefixPeriod || trade.Market != _idPrefixMarket)
        {
            _idPrefix = string.Create(CultureInfo.InvariantCulture, $"{trade.Market}/{trade.Period.Start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}/");
            _idPrefixPeriod = trade.Period;
            _idPrefixMarket = trade.Market;
        }

        Span<char> text = stackalloc char[_idPrefix.Length + 64];
        _idPrefix.AsSpan().CopyTo(text);
        var at = _idPrefix.Length + WriteOrders(trade, text[_idPrefix.Length..]);
        return new TradeId(new string(text[..at]));
    }

    /// <summary>Adds the trade's <see cref="Trade.Id"/> text to <paramref name="hash"/> exactly as adding the string would,
    /// without building it. Thread-safe.</summary>
    public static void Add(ref ContentHash hash, Trade trade)
    {
        var market = trade.Market.Value;
        if (market.Length > 256)
        {
            hash.Add(trade.Id.Value);
            return;
        }

        Span<char> text = stackalloc char[market.Length + 1 + MaxTail];
        market.AsSpan().CopyTo(text);
        var at = market.Length;
        text[at++] = '/';
        at += WriteStart(trade.Period.Start.UtcDateTime, text[at..]);
        text[at++] = '/';
        at += WriteOrders(trade, text[at..]);
        hash.Add(text[..at]);
    }

    /// <summary>Writes <paramref name="start"/> as <c>yyyyMMdd'T'HHmmss'Z'</c> (invariant, Gregorian); returns 16.</summary>
    private static int WriteStart(DateTime start, Span<char> text)
    {
        var (year, month, day) = DateOnly.FromDateTime(start);
        var time = TimeOnly.FromDateTime(start);
        Digits(year, 4, text);
        Digits(month, 2, text[4..]);
        Digits(day, 2, text[6..]);
        text[8] = 'T';
        Digits(time.Hour, 2, text[9..]);
        Digits(time.Minute, 2, text[11..]);
        Digits(time.Second, 2, text[13..]);
        text[15] = 'Z';
        return 16;
    }

    private static void Digits(int value, int count, Span<char> text)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Writes <c>buy-sell@ticks</c>; returns the number of characters.</summary>
    private static int WriteOrders(Trade trade, Span<char> text)
    {
        trade.BuyOrder.Value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        var at = written;
        text[at++] = '-';
        trade.SellOrder.Value.TryFormat(text[at..], out written, default, CultureInfo.InvariantCulture);
        at += written;
        text[at++] = '@';
        trade.ExecutedAt.UtcTicks.TryFormat(text[at..], out written, default, CultureInfo.InvariantCulture);
        return at + written;
    }
}
