using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EnergySettlement.Ethereum;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>EnergySettlement.Ethereum</c>.</summary>
internal static class EthereumTelemetry
{
    public const string Name = "EnergySettlement.Ethereum";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(EthereumTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(EthereumTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>JSON-RPC calls sent, tagged <c>chain.id</c>, <c>rpc.method</c> and <c>outcome</c> (ok, error, unavailable).</summary>
    public static readonly Counter<long> RpcRequests = Meter.CreateCounter<long>("energy_settlement.ethereum.rpc.requests", "{request}", "JSON-RPC calls sent to the node.");

    /// <summary>Duration of JSON-RPC HTTP exchanges in seconds, tagged <c>chain.id</c> and <c>rpc.method</c>.</summary>
    public static readonly Histogram<double> RpcDuration = Meter.CreateHistogram<double>("energy_settlement.ethereum.rpc.duration", "s", "Duration of one JSON-RPC HTTP exchange (a batch counts once).");

    /// <summary>Transactions signed, tagged <c>chain.id</c> and <c>kind</c> (new, replacement).</summary>
    public static readonly Counter<long> TransactionsSigned = Meter.CreateCounter<long>("energy_settlement.ethereum.transactions.signed", "{transaction}", "Transactions signed and recorded before broadcast.");

    /// <summary>Included transactions later found no longer included (reorged out), tagged <c>chain.id</c>.</summary>
    public static readonly Counter<long> Reorgs = Meter.CreateCounter<long>("energy_settlement.ethereum.reorgs", "{transaction}", "Transactions seen included and later found removed by a reorganisation.");

    /// <summary>Fee estimates refused because they exceeded the configured cap, tagged <c>chain.id</c>.</summary>
    public static readonly Counter<long> FeeCapRefusals = Meter.CreateCounter<long>("energy_settlement.ethereum.fee_cap.refusals", "{estimate}", "Fee estimates above the configured cap, refused.");
}
