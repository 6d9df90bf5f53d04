using EnergySettlement.Dash.Backends.Http;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>Validates <see cref="DashCoreRpcBackendOptions"/> and reports every error at once. The
/// <see cref="DashCoreRpcBackend"/> constructor runs it too.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class DashCoreRpcBackendOptionsValidator : IValidateOptions<DashCoreRpcBackendOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name.</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, DashCoreRpcBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"Dash Core backend '{name}': {e}"));
    }

    /// <summary>Lists every problem with <paramref name="options"/> (empty when valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems, each naming the option.</returns>
    public static IReadOnlyList<string> Errors(DashCoreRpcBackendOptions options) => Errors(options, requireChainId: true);

    /// <summary>Lists every problem, optionally accepting a default chain id (which <c>AddDash</c> fills in).</summary>
    internal static List<string> Errors(DashCoreRpcBackendOptions options, bool requireChainId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        UtxoBackendOptionsChecks.CheckHttpUrl(errors, options.Url, nameof(options.Url));
        if (options.Url is { UserInfo.Length: > 0 })
        {
            errors.Add("Url must not carry credentials; set UserName and Password (or CookieFile) instead.");
        }

        var hasUser = !string.IsNullOrEmpty(options.UserName) || !string.IsNullOrEmpty(options.Password);
        var hasCookie = !string.IsNullOrEmpty(options.CookieFile);
        if (hasUser && hasCookie)
        {
            errors.Add("Set either UserName and Password or CookieFile, not both.");
        }
        else if (!hasCookie)
        {
            if (string.IsNullOrEmpty(options.UserName) || string.IsNullOrEmpty(options.Password))
            {
                errors.Add("UserName and Password must both be set (the node's -rpcuser/-rpcpassword or an -rpcauth entry), or CookieFile must name the node's .cookie file.");
            }
            else if (options.UserName.Contains(':', StringComparison.Ordinal))
            {
                errors.Add("UserName must not contain ':' (HTTP basic authentication separates user and password with it).");
            }
        }

        UtxoBackendOptionsChecks.AddErrors(options, errors, requireChainId);
        return errors;
    }
}
