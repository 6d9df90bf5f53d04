using EnergySettlement.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Dash;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// Builds the SDK's Dash registration (<c>AddDash</c> with <c>UseDashCore</c>, <c>UseDashCoreCookie</c>, <c>UseInsight</c>
/// and <c>UseBlockCypher</c>; several backends run behind the SDK's <c>RedundantUtxoBackend</c>) from
/// <see cref="DashChainSettings"/>, and loads the payers' WIF keys — for any command of the tool that settles on Dash.
/// Secrets come from environment variables or files only: the keys from <see cref="KeyVariablePrefix"/><c>&lt;NAME&gt;</c> or
/// the key file, Dash Core's credentials from <see cref="DashCoreUserVariable"/> and <see cref="DashCorePasswordVariable"/>
/// (or its cookie file), BlockCypher's token from <see cref="BlockCypherTokenVariable"/>. Messages never show a secret.
/// </summary>
internal static class DashChainRegistration
{
    /// <summary>The prefix of the per-account WIF key variables: <c>ENERGY_SETTLE_WIF_HOME_01</c>, <c>ENERGY_SETTLE_WIF_GRID_OPERATOR</c>.</summary>
    public const string KeyVariablePrefix = "ENERGY_SETTLE_WIF_";

    /// <summary>The variable holding Dash Core's RPC user name (when no cookie file is given).</summary>
    public const string DashCoreUserVariable = "ENERGY_SETTLE_DASHCORE_USER";

    /// <summary>The variable holding Dash Core's RPC password (when no cookie file is given).</summary>
    public const string DashCorePasswordVariable = "ENERGY_SETTLE_DASHCORE_PASSWORD";

    /// <summary>The variable holding the BlockCypher API token (optional: without it, BlockCypher's small anonymous quota).</summary>
    public const string BlockCypherTokenVariable = "ENERGY_SETTLE_BLOCKCYPHER_TOKEN";

    /// <summary>Loads one WIF key per account name, from <see cref="KeyVariablePrefix"/><c>&lt;NAME&gt;</c> or the key
    /// file's <c>name=WIF</c> lines (the variable wins), each checked to be a key of the settings' network.</summary>
    /// <param name="names">The account names.</param>
    /// <param name="settings">The network and the key file.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns>A signer per name; the caller owns and disposes them.</returns>
    /// <exception cref="CliException">A key is missing or not a WIF key of the network (exit code 3); the message names the
    /// variable or the file, never the key.</exception>
    public static IReadOnlyDictionary<string, WifKeySigner> LoadSigners(IReadOnlyList<string> names, DashChainSettings settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var network = settings.Parameters;
        return DemoKeys.Load(names, settings.KeyFile, environment, KeyVariablePrefix, "name=WIF", (text, source) =>
        {
            try
            {
                return WifKeySigner.FromWif(text.Trim(), network);
            }
            catch (Base58CheckFormatException e)
            {
                // The SDK's messages say what is wrong (network, checksum, length) without the key's text.
                throw new CliException(ExitCodes.InputError, $"The key in {source} is not a Dash {settings.Network.ToString().ToLowerInvariant()} WIF private key: {e.Message}", e);
            }
        });
    }

    /// <summary>
    /// Adds the SDK's Dash provider <paramref name="name"/> for <paramref name="signers"/> with the settings' network,
    /// backends and confirmations. The options are checked here with the SDK's <see cref="DashOptionsValidator"/> (every
    /// problem at once), so a bad configuration fails before anything is journaled or sent. The coin reservations go to the
    /// registered <see cref="Coins.ICoinReservationStore"/> (the SQLite journal).
    /// </summary>
    /// <param name="builder">The SDK's builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="signers">The paying keys (the provider's accounts, in this order).</param>
    /// <param name="environment">Reads an environment variable (the RPC credentials, the BlockCypher token).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="CliException">Dash Core's credentials are missing, or the SDK refuses the options (exit code 3).</exception>
    public static EnergySettlementBuilder AddDash(EnergySettlementBuilder builder, string name, DashChainSettings settings, IReadOnlyList<ISigner> signers, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(environment);
        var secrets = Secrets.Read(settings, environment);
        var check = new DashOptions();
        Configure(check, settings, signers, secrets);
        var errors = DashOptionsValidator.Errors(check);
        if (errors.Count > 0)
        {
            throw new CliException(ExitCodes.InputError, "The Dash settings are not usable: " + string.Join(" ", errors));
        }

        return builder.AddDash(name, o => Configure(o, settings, signers, secrets));
    }

    private static void Configure(DashOptions options, DashChainSettings settings, IReadOnlyList<ISigner> signers, Secrets secrets)
    {
        var chainId = settings.Parameters.ChainId;
        options.Network = settings.Network;
        options.Confirmations = settings.Confirmations;
        foreach (var signer in signers)
        {
            options.Signers.Add(signer);
        }

        foreach (var backend in settings.Backends)
        {
            _ = backend.Kind switch
            {
                DashBackendKind.DashCore when settings.CookieFile is { } cookie => options.UseDashCoreCookie(backend.Url!, cookie, o => o.ChainId = chainId),
                DashBackendKind.DashCore => options.UseDashCore(backend.Url!, secrets.User!, secrets.Password!, o => o.ChainId = chainId),
                DashBackendKind.Insight => options.UseInsight(backend.Url!, o => o.ChainId = chainId),
                _ => options.UseBlockCypher(secrets.BlockCypherToken, o =>
                {
                    o.ChainId = chainId;
                    o.BaseUrl = backend.Url ?? o.BaseUrl;
                }),
            };
        }
    }

    /// <summary>The secrets the backends need, read once from the environment.</summary>
    private sealed record Secrets(string? User, string? Password, string? BlockCypherToken)
    {
        public static Secrets Read(DashChainSettings settings, Func<string, string?> environment)
        {
            var user = NonEmpty(environment(DashCoreUserVariable));
            var password = NonEmpty(environment(DashCorePasswordVariable));
            if (settings.CookieFile is null && settings.Backends.Any(b => b.Kind == DashBackendKind.DashCore) && (user is null || password is null))
            {
                throw new CliException(
                    ExitCodes.InputError,
                    $"The Dash Core backend needs its RPC credentials: set {DashCoreUserVariable} and {DashCorePasswordVariable}, or pass --rpc-cookie FILE (the node's .cookie file).");
            }

            return new Secrets(user, password, NonEmpty(environment(BlockCypherTokenVariable)));
        }

        // The record's generated ToString would print the secrets: it must never.
        public override string ToString() => nameof(Secrets);

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
