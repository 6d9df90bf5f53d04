using System.CommandLine;
using System.CommandLine.Parsing;
using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// The options of <c>energy-settle demo</c> that say where an existing chain is: <c>--rpc</c>, <c>--contract</c>,
/// <c>--token</c>, <c>--key-file</c>, <c>--confirmations</c> (only with <c>--chain ethereum</c>; the parser refuses them
/// elsewhere and refuses <c>--chain ethereum</c> without <c>--rpc</c> and <c>--contract</c>). Private keys are never options.
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
        Description = $"--chain ethereum: name=hex lines with each account's private key (else the environment variables {DemoKeys.VariablePrefix}<NAME>, e.g. {DemoKeys.VariablePrefix}HOME_01).",
        HelpName = "FILE",
    };

    /// <summary>Gets <c>--confirmations N</c>.</summary>
    public Option<int?> Confirmations { get; } = new("--confirmations")
    {
        Description = "--chain ethereum: blocks until a payment is final (default 12).",
        HelpName = "N",
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
        Option[] all = [options.Rpc, options.Contract, options.Token, options.KeyFile, options.Confirmations];
        foreach (var option in all)
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
        command.Validators.Add(r =>
        {
            var name = r.GetResult(chain) is { Tokens: [{ } token] } ? token.Value : null;
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
            else
            {
                foreach (var option in all)
                {
                    if (r.GetResult(option) is { Implicit: false })
                    {
                        r.AddError($"{option.Name} applies to --chain ethereum only.");
                    }
                }
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
        return parsed.GetValue(_chain) != EthereumDemoChain.ChainName
            ? DemoChainSettings.None
            : new DemoChainSettings
            {
                RpcUrl = parsed.GetValue(Rpc),
                Contract = parsed.GetValue(Contract),
                Token = parsed.GetValue(Token),
                KeyFile = parsed.GetValue(KeyFile)?.FullName,
                Confirmations = parsed.GetValue(Confirmations),
            };
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
