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
        if (!Enum.IsDefined(options.Network))
        {
            var errors = new List<string> { $"Network must be Mainnet, Testnet or Regtest; found {(int)options.Network}." };
            errors.AddRange(UtxoSettlementOptionsValidator.Errors(options, DashNetworks.Mainnet).Where(e => !e.StartsWith("Network", StringComparison.Ordinal)));
            return errors;
        }

        return UtxoSettlementOptionsValidator.Errors(options, DashNetworks.Get(options.Network));
    }
}
