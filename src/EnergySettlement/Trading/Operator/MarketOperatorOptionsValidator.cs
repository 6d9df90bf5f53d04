using Microsoft.Extensions.Options;

namespace EnergySettlement.Trading;

/// <summary>Validates each market's <see cref="MarketOperatorOptions"/> (named by market id), gathering every problem into one failure.</summary>
internal sealed class MarketOperatorOptionsValidator : IValidateOptions<MarketOperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, MarketOperatorOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"Market '{name}': {e}"));
    }
}
