using System.Globalization;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>Formats trade ids for the obligation planner, a million at a time.</summary>
/// <remarks>Not thread-safe: it keeps the last prefix.</remarks>
internal sealed class TradeIdFormatter
{
    private string? _idPrefix;
    private DeliveryPeriod _idPrefixPeriod;
    private MarketId _idPrefixMarket;

    /// <summary>The trade's <see cref="Trade.Id"/> (<c>market/periodStart/buy-sell@ticks</c>), built from a prefix kept
    /// per market and period instead of formatting the date for every trade. A test checks it against <see cref="Trade.Id"/>.</summary>
    public TradeId Format(Trade trade)
    {
        if (_idPrefix is null || trade.Period != _idPrefixPeriod || trade.Market != _idPrefixMarket)
        {
            _idPrefix = string.Create(CultureInfo.InvariantCulture, $"{trade.Market}/{trade.Period.Start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}/");
            _idPrefixPeriod = trade.Period;
            _idPrefixMarket = trade.Market;
        }

        // Three longs of at most 20 characters each, and two separators.
        Span<char> text = stackalloc char[_idPrefix.Length + 64];
        _idPrefix.AsSpan().CopyTo(text);
        var at = _idPrefix.Length;
        trade.BuyOrder.Value.TryFormat(text[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
        text[at++] = '-';
        trade.SellOrder.Value.TryFormat(text[at..], out written, default, CultureInfo.InvariantCulture);
        at += written;
        text[at++] = '@';
        trade.ExecutedAt.UtcTicks.TryFormat(text[at..], out written, default, CultureInfo.InvariantCulture);
        at += written;
        return new TradeId(new string(text[..at]));
    }
}
