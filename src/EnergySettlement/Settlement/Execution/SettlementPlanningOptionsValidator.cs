using Microsoft.Extensions.Options;

namespace EnergySettlement.Settlement;

/// <summary>Validates <see cref="SettlementPlanningOptions"/> at start-up, every problem at once.</summary>
internal sealed class SettlementPlanningOptionsValidator : IValidateOptions<SettlementPlanningOptions>
{
    public ValidateOptionsResult Validate(string? name, SettlementPlanningOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
