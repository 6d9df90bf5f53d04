namespace EnergySettlement.Cli.Chains;

/// <summary>One Dash backend chosen on the command line (<c>--backend KIND[=URL]</c>).</summary>
/// <param name="Kind">The backend's kind.</param>
/// <param name="Url">Its URL; <see langword="null"/> only for BlockCypher, which then means BlockCypher's own Dash mainnet API.</param>
internal sealed record DashBackendSetting(DashBackendKind Kind, Uri? Url)
{
    /// <summary>The names of the kinds on the command line, in the order help shows them.</summary>
    public static readonly IReadOnlyList<string> KindNames = ["dashcore", "insight", "blockcypher"];

    /// <summary>Parses <c>KIND[=URL]</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="setting">The backend, when the text is one.</param>
    /// <param name="error">What is wrong, when it is not.</param>
    /// <returns>Whether the text is a backend.</returns>
    public static bool TryParse(string text, out DashBackendSetting? setting, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        setting = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = (equals < 0 ? text : text[..equals]).Trim().ToLowerInvariant();
        var urlText = equals < 0 ? null : text[(equals + 1)..].Trim();
        DashBackendKind? kind = name switch
        {
            "dashcore" => DashBackendKind.DashCore,
            "insight" => DashBackendKind.Insight,
            "blockcypher" => DashBackendKind.BlockCypher,
            _ => null,
        };
        if (kind is null)
        {
            error = $"--backend needs KIND or KIND=URL with KIND one of {string.Join(", ", KindNames)}; found '{text}'.";
            return false;
        }

        Uri? url = null;
        if (urlText is not null)
        {
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                error = $"--backend {name}=URL needs an absolute http or https URL; found '{urlText}'.";
                return false;
            }

            if (url.UserInfo.Length > 0)
            {
                // Credentials never come from the command line (they would sit in the shell's history and the process list).
                error = $"--backend {name}=URL must not carry a user name or password; set {DashChainRegistration.DashCoreUserVariable} and {DashChainRegistration.DashCorePasswordVariable}, or use --rpc-cookie FILE.";
                return false;
            }
        }
        else if (kind != DashBackendKind.BlockCypher)
        {
            error = $"--backend {name} needs its URL: {name}=URL.";
            return false;
        }

        setting = new DashBackendSetting(kind.Value, url);
        error = null;
        return true;
    }

    /// <summary>Describes the backend for messages: its kind and the URL's scheme, host and port (never a path, query or secret).</summary>
    /// <returns>The description.</returns>
    public string Describe() => KindNames[(int)Kind] + " at " + (Url ?? Dash.Backends.BlockCypher.BlockCypherBackendOptions.DashMainnet).GetLeftPart(UriPartial.Authority);
}
