using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.Redundancy;

/// <summary>Validates <see cref="RedundantUtxoBackendOptions"/> and reports every error at once. The
/// <see cref="RedundantUtxoBackend"/> constructor runs it too.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class RedundantUtxoBackendOptionsValidator : IValidateOptions<RedundantUtxoBackendOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name.</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, RedundantUtxoBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"Redundant backend '{name}': {e}"));
    }

    /// <summary>Lists every problem with <paramref name="options"/> (empty when valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems, each naming the option.</returns>
    public static IReadOnlyList<string> Errors(RedundantUtxoBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.UnhealthyDuration < TimeSpan.Zero || options.UnhealthyDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"UnhealthyDuration must be 0 to 1 day; found {options.UnhealthyDuration}.");
        }

        return errors;
    }
}
