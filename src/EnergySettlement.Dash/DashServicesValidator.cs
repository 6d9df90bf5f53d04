using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash;

/// <summary>
/// Checks, at start-up, that the Dash provider registered under one name will find a backend and a coin reservation store
/// in the container, so a host missing either stops with an <see cref="OptionsValidationException"/> naming what to add
/// instead of failing on its first payment. Registered by <c>AddDash</c>, one per provider name.
/// </summary>
internal sealed class DashServicesValidator(string providerName, IServiceProviderIsService? isService) : IValidateOptions<DashOptions>
{
    public ValidateOptionsResult Validate(string? name, DashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(name, providerName, StringComparison.Ordinal) || isService is null)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>(2);
        if (options.Backend is null && options.Backends.Count == 0
            && !(isService is IServiceProviderIsKeyedService keyed && keyed.IsKeyedService(typeof(IUtxoBackend), providerName)))
        {
            errors.Add($"Dash provider '{providerName}': no backend. Choose one or more in AddDash: o.UseDashCore(url, user, password), o.UseDashCoreCookie(url, cookieFile), o.UseInsight(baseUrl), o.UseBlockCypher(token); or set DashOptions.Backend, or register an IUtxoBackend as a keyed service named '{providerName}'.");
        }

        if (options.ReservationStore is null && !isService.IsService(typeof(ICoinReservationStore)))
        {
            errors.Add($"Dash provider '{providerName}': no coin reservation store. Register an ICoinReservationStore (the SQLite or PostgreSQL store in production) or set DashOptions.ReservationStore.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
