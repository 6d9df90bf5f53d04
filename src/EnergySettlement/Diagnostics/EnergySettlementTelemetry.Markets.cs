using System.Diagnostics.Metrics;

namespace EnergySettlement.Diagnostics;

/// <summary>The market operator's instruments, tagged with <c>market.id</c>.</summary>
internal static partial class EnergySettlementTelemetry
{
    /// <summary>Orders that entered a book.</summary>
    public static readonly Counter<long> OrdersAccepted =
        Meter.CreateCounter<long>("energy_settlement.market.orders.accepted", "{order}", "Orders the market operator accepted into a book.");

    /// <summary>Orders refused, tagged with <c>reason</c> (an <see cref="Trading.OrderRejectionReason"/>).</summary>
    public static readonly Counter<long> OrdersRejected =
        Meter.CreateCounter<long>("energy_settlement.market.orders.rejected", "{order}", "Orders the market operator or the matching engine refused, by reason.");

    /// <summary>Trades made.</summary>
    public static readonly Counter<long> Trades =
        Meter.CreateCounter<long>("energy_settlement.market.trades", "{trade}", "Trades the market made.");

    /// <summary>Energy traded.</summary>
    public static readonly Counter<long> TradedEnergy =
        Meter.CreateCounter<long>("energy_settlement.market.traded_energy", "Wh", "Energy the market's trades moved.");

    /// <summary>How long one group-committed order-journal append took.</summary>
    public static readonly Histogram<double> JournalAppendDuration =
        Meter.CreateHistogram<double>("energy_settlement.market.journal.append.duration", "s", "Time to append one batch of commands to the order journal durably.");
}
