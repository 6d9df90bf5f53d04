using System.Globalization;

namespace EnergySettlement.Dash.Backends.Http;

/// <summary>The checks every backend's validator makes on the options <see cref="UtxoBackendOptions"/> declares.</summary>
internal static class UtxoBackendOptionsChecks
{
    /// <summary>Adds a message to <paramref name="errors"/> for each problem with the shared options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <param name="requireChainId">Whether a default <see cref="UtxoBackendOptions.ChainId"/> is an error; <c>AddDash</c>
    /// fills it in from the provider's network, so a backend declared on <c>DashOptions</c> may leave it unset.</param>
    public static void AddErrors(UtxoBackendOptions options, List<string> errors, bool requireChainId = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        if (requireChainId && options.ChainId == default)
        {
            errors.Add("ChainId must be the CAIP-2 id of the chain the backend serves (Dash mainnet: bip122:00000ffd590b1485b3caadc19b22e637).");
        }

        if (options.ConfigureResilience is not null)
        {
            return;
        }

        Check(errors, options.RequestTimeout >= TimeSpan.FromMilliseconds(10) && options.RequestTimeout <= TimeSpan.FromHours(1), $"RequestTimeout must be 10 ms to 1 hour; found {options.RequestTimeout}.");
        Check(errors, options.MaxRetryAttempts is >= 0 and <= 10, $"MaxRetryAttempts must be 0 to 10; found {options.MaxRetryAttempts}.");
        Check(errors, options.RetryBaseDelay >= TimeSpan.Zero && options.RetryBaseDelay <= TimeSpan.FromMinutes(5), $"RetryBaseDelay must be 0 to 5 minutes; found {options.RetryBaseDelay}.");
        Check(errors, options.MaxRetryAfter >= TimeSpan.Zero && options.MaxRetryAfter <= TimeSpan.FromMinutes(10), $"MaxRetryAfter must be 0 to 10 minutes; found {options.MaxRetryAfter}.");
        Check(errors, options.CircuitBreakerFailureRatio is > 0 and <= 1, $"CircuitBreakerFailureRatio must be above 0 and at most 1; found {options.CircuitBreakerFailureRatio.ToString(CultureInfo.InvariantCulture)}.");
        Check(errors, options.CircuitBreakerMinimumThroughput >= 2, $"CircuitBreakerMinimumThroughput must be at least 2; found {options.CircuitBreakerMinimumThroughput}.");
        Check(errors, options.CircuitBreakerSamplingDuration >= TimeSpan.FromMilliseconds(500) && options.CircuitBreakerSamplingDuration <= TimeSpan.FromDays(1), $"CircuitBreakerSamplingDuration must be 500 ms to 1 day; found {options.CircuitBreakerSamplingDuration}.");
        Check(errors, options.CircuitBreakerBreakDuration >= TimeSpan.FromMilliseconds(500) && options.CircuitBreakerBreakDuration <= TimeSpan.FromDays(1), $"CircuitBreakerBreakDuration must be 500 ms to 1 day; found {options.CircuitBreakerBreakDuration}.");
    }

    /// <summary>Adds a message when <paramref name="url"/> is not an absolute http or https URL.</summary>
    public static void CheckHttpUrl(List<string> errors, Uri? url, string name)
    {
        Check(errors, url is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(u.Query) && string.IsNullOrEmpty(u.Fragment), $"{name} must be an absolute http or https URL without query or fragment.");
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
}
