using System.Globalization;
using EnergySettlement.Dash.Backends.BlockCypher;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Backends.Insight;
using EnergySettlement.Dash.Backends.Redundancy;
using EnergySettlement.Dash.Networks;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash;

/// <summary>
/// Validates <see cref="DashOptions"/> and reports every error at once. Registered by <c>AddDash</c>; the
/// <see cref="DashSettlementProvider"/> constructor runs it too.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class DashOptionsValidator : IValidateOptions<DashOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name (the chain provider's name).</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, DashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"Dash provider '{name}': {e}"));
    }

    /// <summary>Lists every problem with <paramref name="options"/> (empty when valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems, each naming the option.</returns>
    public static IReadOnlyList<string> Errors(DashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        UtxoNetwork? network = null;
        if (!Enum.IsDefined(options.Network))
        {
            errors.Add($"Network must be Mainnet, Testnet or Regtest; found {(int)options.Network}.");
            errors.AddRange(UtxoSettlementOptionsValidator.Errors(options, DashNetworks.Mainnet).Where(e => !e.StartsWith("Network", StringComparison.Ordinal)));
        }
        else
        {
            network = DashNetworks.Get(options.Network);
            errors.AddRange(UtxoSettlementOptionsValidator.Errors(options, network));
        }

        AddBackendErrors(options, network, errors);
        return errors;
    }

    /// <summary>Checks <see cref="DashOptions.Backends"/> and <see cref="DashOptions.Redundancy"/>.</summary>
    private static void AddBackendErrors(DashOptions options, UtxoNetwork? network, List<string> errors)
    {
        if (options.Backend is not null && options.Backends.Count > 0)
        {
            errors.Add("Set either Backend or Backends (UseDashCore, UseDashCoreCookie, UseInsight, UseBlockCypher), not both.");
        }

        for (int i = 0; i < options.Backends.Count; i++)
        {
            var backend = options.Backends[i];
            string kind;
            IReadOnlyList<string> backendErrors;
            switch (backend)
            {
                case null:
                    errors.Add($"Backends[{i.ToString(CultureInfo.InvariantCulture)}] is null.");
                    continue;
                case DashCoreRpcBackendOptions dashCore:
                    (kind, backendErrors) = ("Dash Core", DashCoreRpcBackendOptionsValidator.Errors(dashCore, requireChainId: false));
                    break;
                case InsightBackendOptions insight:
                    (kind, backendErrors) = ("Insight", InsightBackendOptionsValidator.Errors(insight, requireChainId: false));
                    break;
                case BlockCypherBackendOptions blockCypher:
                    (kind, backendErrors) = ("BlockCypher", BlockCypherBackendOptionsValidator.Errors(blockCypher, requireChainId: false));
                    break;
                default:
                    errors.Add($"Backends[{i.ToString(CultureInfo.InvariantCulture)}] is a {backend.GetType().Name}; AddDash builds Dash Core, Insight and BlockCypher backends. Set Backend to an IUtxoBackend of your own instead.");
                    continue;
            }

            var prefix = $"Backends[{i.ToString(CultureInfo.InvariantCulture)}] ({kind}): ";
            errors.AddRange(backendErrors.Select(e => prefix + e));
            if (network is not null && backend.ChainId != default && backend.ChainId != network.ChainId)
            {
                errors.Add($"{prefix}ChainId is {backend.ChainId}, but the provider settles on {network.Name} ({network.ChainId}); leave ChainId unset to use the provider's network.");
            }

            if (backend is BlockCypherBackendOptions { BaseUrl: { } url } && url == BlockCypherBackendOptions.DashMainnet && options.Network != DashNetwork.Mainnet && network is not null)
            {
                errors.Add($"{prefix}BlockCypher serves Dash mainnet only and the provider settles on {network.Name}: set BaseUrl to a compatible service for that network, or use Dash Core or Insight.");
            }
        }

        errors.AddRange(RedundantUtxoBackendOptionsValidator.Errors(options.Redundancy).Select(e => "Redundancy: " + e));
    }
}
