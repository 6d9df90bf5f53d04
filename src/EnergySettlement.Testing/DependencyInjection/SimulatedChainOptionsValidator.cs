using EnergySettlement.Testing;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Validates every named <see cref="SimulatedChainOptions"/>, reporting all problems at once.</summary>
internal sealed class SimulatedChainOptionsValidator : IValidateOptions<SimulatedChainOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatedChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = SimulatedChainRules.Validate(options);
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"Simulated chain '{name}': {e}"));
    }
}
