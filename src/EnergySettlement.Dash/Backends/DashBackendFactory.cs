using System.Globalization;
using EnergySettlement.Dash.Backends.BlockCypher;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Backends.Insight;
using EnergySettlement.Dash.Backends.Redundancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Dash.Backends;

/// <summary>
/// Builds the backends declared in <see cref="DashOptions.Backends"/> for <c>AddDash</c>: each on an
/// <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> named by provider and kind, several behind a
/// <see cref="RedundantUtxoBackend"/>.
/// </summary>
internal static class DashBackendFactory
{
    /// <summary>How much longer than <see cref="UtxoBackendOptions.RequestTimeout"/> the HTTP client waits: a backstop, so
    /// that the resilience pipeline's per-attempt timeout (with its clearer message) always fires first.</summary>
    internal static readonly TimeSpan ClientTimeoutMargin = TimeSpan.FromSeconds(5);

    /// <summary>The backend kinds <c>AddDash</c> builds, as their <see cref="IUtxoBackend.Name"/> says them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["dash-core", "insight", "blockcypher"];

    /// <summary>The name of the HTTP client the backends of one kind of a provider use:
    /// <c>EnergySettlement.Dash.&lt;provider&gt;.&lt;kind&gt;</c>.</summary>
    public static string ClientName(string provider, string kind) => $"EnergySettlement.Dash.{provider}.{kind}";

    /// <summary>The short name of a backend kind, as its <see cref="IUtxoBackend.Name"/> says it.</summary>
    public static string KindOf(UtxoBackendOptions options) => options switch
    {
        DashCoreRpcBackendOptions => "dash-core",
        InsightBackendOptions => "insight",
        BlockCypherBackendOptions => "blockcypher",
        _ => throw new ArgumentException($"AddDash builds Dash Core, Insight and BlockCypher backends, not {options.GetType().Name}.", nameof(options)),
    };

    /// <summary>Builds the declared backends; <see langword="null"/> when none is declared.</summary>
    public static IUtxoBackend? Create(string provider, DashOptions options, IHttpClientFactory clients, TimeProvider? time, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        if (options.Backends.Count == 0)
        {
            return null;
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DashSettlementProvider>();
        var backends = new List<IUtxoBackend>(options.Backends.Count);
        foreach (var declared in options.Backends)
        {
            var clientName = ClientName(provider, KindOf(declared));
            var http = clients.CreateClient(clientName);
            if (declared.ConfigureResilience is null)
            {
                http.Timeout = declared.RequestTimeout + ClientTimeoutMargin;
            }

            IUtxoBackend backend = declared switch
            {
                DashCoreRpcBackendOptions dashCore => new DashCoreRpcBackend(dashCore, http, time, loggerFactory),
                InsightBackendOptions insight => new InsightBackend(insight, http, time, loggerFactory),
                BlockCypherBackendOptions blockCypher => new BlockCypherBackend(blockCypher, http, time, loggerFactory),
                _ => throw new ArgumentException($"AddDash builds Dash Core, Insight and BlockCypher backends, not {declared.GetType().Name}.", nameof(options)),
            };
            if (logger.IsEnabled(LogLevel.Information))
            {
                var endpoint = EndpointOf(declared);
                Log.BackendCreated(logger, provider, backend.Name, endpoint, clientName, http.Timeout.TotalSeconds);
            }

            backends.Add(backend);
        }

        if (backends.Count == 1)
        {
            return backends[0];
        }

        var redundant = new RedundantUtxoBackend(backends, options.Redundancy, time, loggerFactory);
        Log.RedundantBackendCreated(logger, provider, redundant.Name);
        return redundant;
    }

    /// <summary>The endpoint as scheme, host and port: paths and queries may carry tokens.</summary>
    private static string EndpointOf(UtxoBackendOptions options)
    {
        var url = options switch
        {
            DashCoreRpcBackendOptions d => d.Url,
            InsightBackendOptions i => i.BaseUrl,
            BlockCypherBackendOptions b => b.BaseUrl,
            _ => null,
        };
        return url is null ? "(none)" : $"{url.Scheme}://{url.Host}:{url.Port.ToString(CultureInfo.InvariantCulture)}";
    }
}
