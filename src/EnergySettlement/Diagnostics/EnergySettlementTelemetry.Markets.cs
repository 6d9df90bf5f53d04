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

    /// <summary>Energy traded between participants in different zones of a market with a grid (carried over the network, counted against transfer limits).</summary>
    public static readonly Counter<long> CrossZoneEnergy =
        Meter.CreateCounter<long>("energy_settlement.market.cross_zone_energy", "Wh", "Energy the market's trades moved from one grid zone to another.");

    /// <summary>How long a start took to rebuild the books from the latest snapshot and the journal after it.</summary>
    public static readonly Histogram<double> RecoveryDuration =
        Meter.CreateHistogram<double>("energy_settlement.market.recovery.duration", "s", "Time to rebuild a market's books from its order journal at start.");

    /// <summary>The activity of a start's recovery (tags <c>market.id</c>, <c>journal.snapshot</c>, <c>journal.replayed</c>).</summary>
    public const string RecoveryActivity = "MarketOperator.Recover";

    /// <summary>How long one group-committed order-journal append took.</summary>
    public static readonly Histogram<double> JournalAppendDuration =
        Meter.CreateHistogram<double>("energy_settlement.market.journal.append.duration", "s", "Time to append one batch of commands to the order journal durably.");
}
