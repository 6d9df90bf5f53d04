using EnergySettlement.Dash.Backends.Http;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.BlockCypher;

/// <summary>Validates <see cref="BlockCypherBackendOptions"/> and reports every error at once. The
/// <see cref="BlockCypherBackend"/> constructor runs it too.</summary>
/// <remarks>Stateless and thread-safe. Messages never contain the token.</remarks>
public sealed class BlockCypherBackendOptionsValidator : IValidateOptions<BlockCypherBackendOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name.</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, BlockCypherBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"BlockCypher backend '{name}': {e}"));
    }

    /// <summary>Lists every problem with <paramref name="options"/> (empty when valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems, each naming the option.</returns>
    public static IReadOnlyList<string> Errors(BlockCypherBackendOptions options) => Errors(options, requireChainId: true);

    /// <summary>Lists every problem, optionally accepting a default chain id (which <c>AddDash</c> fills in).</summary>
    internal static List<string> Errors(BlockCypherBackendOptions options, bool requireChainId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        UtxoBackendOptionsChecks.CheckHttpUrl(errors, options.BaseUrl, nameof(options.BaseUrl));
        if (options.Token is { } token && (token.Length is 0 or > 200 || token.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')))
        {
            errors.Add("Token must be 1 to 200 ASCII letters, digits, '-' or '_' (BlockCypher tokens are hex), or null for none.");
        }

        if (options.MaxAddressPages is < 1 or > 1000)
        {
            errors.Add($"MaxAddressPages must be 1 to 1000; found {options.MaxAddressPages}.");
        }

        UtxoBackendOptionsChecks.AddErrors(options, errors, requireChainId);
        return errors;
    }
}
