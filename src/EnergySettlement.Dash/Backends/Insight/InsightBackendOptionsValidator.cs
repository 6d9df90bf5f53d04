using EnergySettlement.Dash.Backends.Http;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.Insight;

/// <summary>Validates <see cref="InsightBackendOptions"/> and reports every error at once. The <see cref="InsightBackend"/>
/// constructor runs it too.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class InsightBackendOptionsValidator : IValidateOptions<InsightBackendOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name.</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, InsightBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"Insight backend '{name}': {e}"));
    }

    /// <summary>Lists every problem with <paramref name="options"/> (empty when valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems, each naming the option.</returns>
    public static IReadOnlyList<string> Errors(InsightBackendOptions options) => Errors(options, requireChainId: true);

    /// <summary>Lists every problem, optionally accepting a default chain id (which <c>AddDash</c> fills in).</summary>
    internal static List<string> Errors(InsightBackendOptions options, bool requireChainId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        UtxoBackendOptionsChecks.CheckHttpUrl(errors, options.BaseUrl, nameof(options.BaseUrl));
        UtxoBackendOptionsChecks.AddErrors(options, errors, requireChainId);
        return errors;
    }
}
