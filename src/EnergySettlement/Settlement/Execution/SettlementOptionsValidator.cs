using Microsoft.Extensions.Options;

namespace EnergySettlement.Settlement;

/// <summary>Validates <see cref="SettlementOptions"/> at start-up, every problem at once.</summary>
internal sealed class SettlementOptionsValidator : IValidateOptions<SettlementOptions>
{
    public ValidateOptionsResult Validate(string? name, SettlementOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
