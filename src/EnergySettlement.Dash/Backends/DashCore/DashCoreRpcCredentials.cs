using System.Net.Http.Headers;
using System.Text;
using EnergySettlement.Chains;

namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>
/// HTTP basic credentials for Dash Core: a configured user name and password (<c>-rpcuser</c>/<c>-rpcpassword</c> or an
/// <c>-rpcauth</c> entry), or the <c>.cookie</c> file the node writes at every start (<c>__cookie__:&lt;random&gt;</c>). The
/// cookie is read when first needed and again after the node refuses it, because a restarted node writes a new one.
/// </summary>
/// <remarks>Thread-safe. Never exposes the secret in messages.</remarks>
internal sealed class DashCoreRpcCredentials
{
    private readonly AuthenticationHeaderValue? _fixed;
    private readonly string? _cookieFile;
    private volatile AuthenticationHeaderValue? _cookie;

    private DashCoreRpcCredentials(AuthenticationHeaderValue? fixedCredentials, string? cookieFile)
    {
        _fixed = fixedCredentials;
        _cookieFile = cookieFile;
    }

    /// <summary>Gets whether the credentials come from the node's cookie file.</summary>
    public bool IsCookie => _cookieFile is not null;

    public static DashCoreRpcCredentials From(DashCoreRpcBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.CookieFile))
        {
            return new DashCoreRpcCredentials(null, options.CookieFile);
        }

        return new DashCoreRpcCredentials(Basic($"{options.UserName}:{options.Password}"), null);
    }

    /// <summary>Gets the <c>Authorization</c> header value to send.</summary>
    /// <exception cref="ChainUnavailableException">The cookie file cannot be read (the node is not running or still starting).</exception>
    public async ValueTask<AuthenticationHeaderValue> GetAsync(ChainId chainId, CancellationToken cancellationToken)
    {
        if (_fixed is not null)
        {
            return _fixed;
        }

        return _cookie ?? await ReadCookieAsync(chainId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After the node refused <paramref name="refused"/>: re-reads the cookie file and tells whether it now holds other
    /// credentials worth one more try.
    /// </summary>
    public async ValueTask<bool> RenewAsync(AuthenticationHeaderValue refused, ChainId chainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refused);
        if (!IsCookie)
        {
            return false;
        }

        var fresh = await ReadCookieAsync(chainId, cancellationToken).ConfigureAwait(false);
        return !string.Equals(fresh.Parameter, refused.Parameter, StringComparison.Ordinal);
    }

    private async ValueTask<AuthenticationHeaderValue> ReadCookieAsync(ChainId chainId, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(_cookieFile!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChainUnavailableException(chainId, $"Dash Core's cookie file '{_cookieFile}' cannot be read ({ex.GetType().Name}); the node writes it when it starts with RPC enabled and no -rpcpassword.", ex);
        }

        text = text.Trim();
        if (text.IndexOf(':', StringComparison.Ordinal) <= 0)
        {
            throw new ChainRequestException(chainId, "cookie", $"Dash Core's cookie file '{_cookieFile}' does not hold 'user:password'.", isTransient: false);
        }

        var header = Basic(text);
        _cookie = header;
        return header;
    }

    private static AuthenticationHeaderValue Basic(string userAndPassword) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword)));
}
