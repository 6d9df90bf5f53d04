using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EnergySettlement.Dash;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>EnergySettlement.Dash</c>;
/// every instrument is tagged <c>chain.id</c>.</summary>
internal static class DashTelemetry
{
    public const string Name = "EnergySettlement.Dash";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(DashTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(DashTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Transactions signed, tagged <c>chain.id</c> and <c>kind</c> (new, rebuilt, child-pays-for-parent).</summary>
    public static readonly Counter<long> TransactionsSigned = Meter.CreateCounter<long>("energy_settlement.dash.transactions.signed", "{transaction}", "Transactions signed after their coins were reserved.");

    /// <summary>Serialised size of signed transactions, tagged <c>chain.id</c>.</summary>
    public static readonly Histogram<long> TransactionSize = Meter.CreateHistogram<long>("energy_settlement.dash.transaction.size", "By", "Serialised size of signed transactions.");

    /// <summary>Inputs per signed transaction, tagged <c>chain.id</c>.</summary>
    public static readonly Histogram<long> InputsPerTransaction = Meter.CreateHistogram<long>("energy_settlement.dash.transaction.inputs", "{coin}", "Coins spent per signed transaction.");

    /// <summary>Coin reservations refused because another batch held a selected coin, tagged <c>chain.id</c>.</summary>
    public static readonly Counter<long> ReservationConflicts = Meter.CreateCounter<long>("energy_settlement.dash.reservation.conflicts", "{reservation}", "Coin reservations refused because another batch held a selected coin.");

    /// <summary>Transactions seen final, tagged <c>chain.id</c> and <c>signal</c> (instantsend, chainlock, confirmations).</summary>
    public static readonly Counter<long> Finalized = Meter.CreateCounter<long>("energy_settlement.dash.transactions.final", "{transaction}", "Transactions seen final, by the signal that made them so.");

    /// <summary>Transactions seen conflicted (an input spent elsewhere), tagged <c>chain.id</c>.</summary>
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("energy_settlement.dash.transactions.conflicted", "{transaction}", "Transactions whose input another transaction spent.");

    /// <summary>Backend operations (one count per operation, however many attempts its retries took), tagged
    /// <c>chain.id</c>, <c>backend</c> (dash-core, insight, blockcypher), <c>operation</c> (the JSON-RPC method or the HTTP
    /// route, without addresses or txids) and <c>outcome</c> (ok, error, unavailable, cancelled).</summary>
    public static readonly Counter<long> BackendRequests = Meter.CreateCounter<long>("energy_settlement.dash.backend.requests", "{request}", "Operations sent to a node backend, by outcome after retries.");

    /// <summary>Duration of backend operations in seconds, retries and back-off included, tagged as
    /// <see cref="BackendRequests"/>.</summary>
    public static readonly Histogram<double> BackendDuration = Meter.CreateHistogram<double>("energy_settlement.dash.backend.duration", "s", "Duration of one backend operation, retries and back-off included.");
}
