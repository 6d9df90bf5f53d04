using System.CommandLine;
using System.CommandLine.Parsing;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// The options of <c>energy-settle demo</c> that say where an existing chain is. <c>--chain ethereum</c>: <c>--rpc</c>,
/// <c>--contract</c> (both required), <c>--token</c>. <c>--chain dash</c>: <c>--backend</c> (required, repeatable),
/// <c>--network</c>, <c>--rpc-cookie</c>, <c>--poll-interval</c>. Both: <c>--key-file</c>, <c>--confirmations</c>. The
/// parser refuses an option with a chain it does not apply to. Private keys and credentials are never options.
/// </summary>
internal sealed class DemoChainOptions
{
    private readonly Option<string> _chain;

    private DemoChainOptions(Option<string> chain) => _chain = chain;

    /// <summary>Gets <c>--rpc URL</c>.</summary>
    public Option<Uri?> Rpc { get; } = new("--rpc")
    {
        Description = "--chain ethereum: the node's JSON-RPC endpoint (http or https).",
        HelpName = "URL",
        CustomParser = r => ParseUrl(r),
    };

    /// <summary>Gets <c>--contract ADDRESS</c>.</summary>
    public Option<EthereumAddress?> Contract { get; } = new("--contract")
    {
        Description = "--chain ethereum: the deployed BatchSettlementV2 contract.",
        HelpName = "ADDRESS",
        CustomParser = r => ParseAddress(r, "--contract"),
    };

    /// <summary>Gets <c>--token ADDRESS</c>.</summary>
    public Option<EthereumAddress?> Token { get; } = new("--token")
    {
        Description = "--chain ethereum: the ERC-20 token to quote and pay in (default: the chain's native coin).",
        HelpName = "ADDRESS",
        CustomParser = r => ParseAddress(r, "--token"),
    };

    /// <summary>Gets <c>--key-file FILE</c>.</summary>
    public Option<FileInfo?> KeyFile { get; } = new("--key-file")
    {
        Description = $"--chain ethereum: name=hex lines with each account's private key (else the environment variables {DemoKeys.VariablePrefix}<NAME>, e.g. {DemoKeys.VariablePrefix}HOME_01); " +
            $"--chain dash: name=WIF lines (else {DashChainRegistration.KeyVariablePrefix}<NAME>).",
        HelpName = "FILE",
    };

    /// <summary>Gets <c>--confirmations N</c>.</summary>
    public Option<int?> Confirmations { get; } = new("--confirmations")
    {
        Description = "--chain ethereum: blocks until a payment is final (default 12); --chain dash: blocks until a payment without an InstantSend lock or ChainLock is final (default 6).",
        HelpName = "N",
    };

    /// <summary>Gets <c>--backend KIND[=URL]</c>, repeatable.</summary>
    public Option<DashBackendSetting[]> Backend { get; } = new("--backend")
    {
        Description = "--chain dash: a node or API to settle through, repeatable (reads from the first healthy one, broadcasts to all): " +
            "dashcore=URL (Dash Core JSON-RPC with -txindex and -addressindex; credentials from " + DashChainRegistration.DashCoreUserVariable + " and " +
            DashChainRegistration.DashCorePasswordVariable + " or --rpc-cookie), insight=URL (an Insight API, with its /insight-api/ prefix), " +
            "blockcypher or blockcypher=URL (token from " + DashChainRegistration.BlockCypherTokenVariable + ").",
        HelpName = "KIND[=URL]",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = r => ParseBackends(r),
    };

    /// <summary>Gets <c>--network NAME</c>.</summary>
    public Option<string> Network { get; } = new("--network")
    {
        Description = "--chain dash: mainnet, testnet or regtest.",
        HelpName = "NAME",
        DefaultValueFactory = _ => "testnet",
    };

    /// <summary>Gets <c>--rpc-cookie FILE</c>.</summary>
    public Option<FileInfo?> RpcCookie { get; } = new("--rpc-cookie")
    {
        Description = "--chain dash: Dash Core's .cookie file, instead of " + DashChainRegistration.DashCoreUserVariable + " and " + DashChainRegistration.DashCorePasswordVariable + ".",
        HelpName = "FILE",
    };

    /// <summary>Gets <c>--poll-interval SECONDS</c>.</summary>
    public Option<double?> PollInterval { get; } = new("--poll-interval")
    {
        Description = "--chain dash: seconds between settlement passes while payments wait for their InstantSend lock, 0.05 to 600 (default 2).",
        HelpName = "SECONDS",
    };

    /// <summary>Adds the options to the demo command, with their rules.</summary>
    /// <param name="command">The demo command.</param>
    /// <param name="chain">Its <c>--chain</c> option.</param>
    /// <returns>The options, to read the settings from a parse result.</returns>
    public static DemoChainOptions AddTo(Command command, Option<string> chain)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chain);
        var options = new DemoChainOptions(chain);
        options.Network.AcceptOnlyFromAmong("mainnet", "testnet", "regtest");
        options.RpcCookie.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo?>() is { Exists: false } file)
            {
                r.AddError($"--rpc-cookie names a file that does not exist: '{file.FullName}' (Dash Core writes it at start, in its data folder).");
            }
        });
        (Option Option, string[] Chains)[] all =
        [
            (options.Rpc, [EthereumDemoChain.ChainName]),
            (options.Contract, [EthereumDemoChain.ChainName]),
            (options.Token, [EthereumDemoChain.ChainName]),
            (options.KeyFile, [EthereumDemoChain.ChainName, DashDemoChain.ChainName]),
            (options.Confirmations, [EthereumDemoChain.ChainName, DashDemoChain.ChainName]),
            (options.Backend, [DashDemoChain.ChainName]),
            (options.Network, [DashDemoChain.ChainName]),
            (options.RpcCookie, [DashDemoChain.ChainName]),
            (options.PollInterval, [DashDemoChain.ChainName]),
        ];
        foreach (var (option, _) in all)
        {
            command.Options.Add(option);
        }

        options.Confirmations.Validators.Add(r =>
        {
            if (r.Tokens is [{ } token] && int.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is < 1 or > 100)
            {
                r.AddError($"--confirmations must be 1 to 100; found {n}.");
            }
        });
        options.PollInterval.Validators.Add(r =>
        {
            if (r.Tokens is [{ } token] && double.TryParse(token.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && !(seconds >= 0.05 && seconds <= 600))
            {
                r.AddError($"--poll-interval must be 0.05 to 600 seconds; found {token.Value}.");
            }
        });
        command.Validators.Add(r =>
        {
            var name = r.GetResult(chain) is { Tokens: [{ } token] } ? token.Value : null;
            foreach (var (option, chains) in all)
            {
                if (!chains.Contains(name) && r.GetResult(option) is { Implicit: false })
                {
                    r.AddError($"{option.Name} applies to {string.Join(" and ", chains.Select(c => "--chain " + c))} only.");
                }
            }

            if (name == EthereumDemoChain.ChainName)
            {
                foreach (var required in new Option[] { options.Rpc, options.Contract })
                {
                    if (r.GetResult(required) is null)
                    {
                        r.AddError($"--chain ethereum needs {required.Name}.");
                    }
                }
            }
            else if (name == DashDemoChain.ChainName)
            {
                CheckDash(r, options);
            }
        });
        return options;
    }

    /// <summary>Reads the settings of a parse result.</summary>
    /// <param name="parsed">The parse result.</param>
    /// <returns>The settings.</returns>
    public DemoChainSettings Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetValue(_chain) switch
        {
            EthereumDemoChain.ChainName => new DemoChainSettings
            {
                RpcUrl = parsed.GetValue(Rpc),
                Contract = parsed.GetValue(Contract),
                Token = parsed.GetValue(Token),
                KeyFile = parsed.GetValue(KeyFile)?.FullName,
                Confirmations = parsed.GetValue(Confirmations),
            },
            DashDemoChain.ChainName => new DemoChainSettings
            {
                KeyFile = parsed.GetValue(KeyFile)?.FullName,
                Confirmations = parsed.GetValue(Confirmations),
                Dash = new DashChainSettings
                {
                    Network = ParseNetwork(parsed.GetValue(Network)),
                    Backends = parsed.GetValue(Backend) ?? [],
                    CookieFile = parsed.GetValue(RpcCookie)?.FullName,
                    KeyFile = parsed.GetValue(KeyFile)?.FullName,
                    Confirmations = parsed.GetValue(Confirmations) ?? 6,
                    PollInterval = parsed.GetValue(PollInterval) is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(2),
                },
            },
            _ => DemoChainSettings.None,
        };
    }

    private static void CheckDash(CommandResult result, DemoChainOptions options)
    {
        if (result.GetResult(options.Backend) is null)
        {
            result.AddError($"--chain dash needs --backend KIND[=URL] ({string.Join(", ", DashBackendSetting.KindNames)}).");
            return;
        }

        // Only backends that parsed are checked here; a malformed one is reported by the option itself.
        var backends = result.GetResult(options.Backend)!.Tokens
            .Select(t => DashBackendSetting.TryParse(t.Value, out var backend, out _) ? backend : null)
            .OfType<DashBackendSetting>()
            .ToArray();
        var network = result.GetResult(options.Network) is { Tokens: [{ } token] } ? token.Value : "testnet";
        if (network != "mainnet" && backends.Any(b => b.Kind == DashBackendKind.BlockCypher && b.Url is null))
        {
            result.AddError($"--backend blockcypher without a URL is BlockCypher's Dash mainnet API; on {network} give blockcypher=URL of a compatible service.");
        }

        if (result.GetResult(options.RpcCookie) is { Implicit: false } && backends.Length > 0 && !backends.Any(b => b.Kind == DashBackendKind.DashCore))
        {
            result.AddError("--rpc-cookie applies to a dashcore backend only.");
        }
    }

    private static DashNetwork ParseNetwork(string? name) => name switch
    {
        "mainnet" => DashNetwork.Mainnet,
        "regtest" => DashNetwork.Regtest,
        _ => DashNetwork.Testnet,
    };

    private static DashBackendSetting[] ParseBackends(ArgumentResult result)
    {
        var backends = new List<DashBackendSetting>();
        foreach (var token in result.Tokens)
        {
            if (DashBackendSetting.TryParse(token.Value, out var backend, out var error))
            {
                backends.Add(backend!);
            }
            else
            {
                result.AddError(error!);
            }
        }

        return [.. backends];
    }

    private static Uri? ParseUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"--rpc needs an absolute http or https URL; found '{text}'.");
        return null;
    }

    private static EthereumAddress? ParseAddress(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (EthereumAddress.TryParse(text, out var address))
        {
            return address;
        }

        result.AddError($"{name} needs an Ethereum address (0x and 40 hex digits, EIP-55 checksum if mixed case); found '{text}'.");
        return null;
    }
}
