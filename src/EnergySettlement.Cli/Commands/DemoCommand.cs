using System.CommandLine;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Demo;
using EnergySettlement.Cli.Hosting;

namespace EnergySettlement.Cli.Commands;

/// <summary><c>energy-settle demo</c>: runs a simulated day of a neighbourhood market and settles it on a chain.</summary>
internal static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="context">Where it writes and what cancels it.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var homes = new Option<int>("--homes")
        {
            Description = $"Number of homes in the neighbourhood scenario, {DemoOptions.MinHomes} to {DemoOptions.MaxHomes}.",
            HelpName = "N",
            DefaultValueFactory = _ => new DemoOptions().Homes,
        };
        homes.Validators.Add(r => InRange(r, "--homes", DemoOptions.MinHomes, DemoOptions.MaxHomes));
        var periods = new Option<int>("--periods")
        {
            Description = $"Number of 15-minute delivery periods from midnight UTC, 1 to {DemoOptions.MaxPeriods} (96 is a day).",
            HelpName = "N",
            DefaultValueFactory = _ => new DemoOptions().Periods,
        };
        periods.Validators.Add(r => InRange(r, "--periods", 1, DemoOptions.MaxPeriods));
        var seed = new Option<int>("--seed")
        {
            Description = "Scenario seed: the same seed gives the same market, readings, payments and output.",
            HelpName = "N",
            DefaultValueFactory = _ => new DemoOptions().Seed,
        };
        var chain = new Option<string>("--chain")
        {
            Description = "The chain to settle on. simulated: the embedded simulated chain (no set-up, no network); anvil: a local Anvil node started and stopped by the demo (npm ci installs it); ethereum: an existing node (--rpc, --contract, keys from a key file or environment variables); dash: an existing Dash node or API (--backend, --network, WIF keys from a key file or environment variables).",
            HelpName = "NAME",
            DefaultValueFactory = _ => DemoChains.Default,
        };
        chain.AcceptOnlyFromAmong([.. DemoChains.Names]);
        var scenario = new Option<string>("--scenario")
        {
            Description = "neighbourhood: --homes homes on two feeders; two-homes: the reference demonstration's two test homes.",
            HelpName = "NAME",
            DefaultValueFactory = _ => "neighbourhood",
        };
        scenario.AcceptOnlyFromAmong("neighbourhood", "two-homes");
        var json = new Option<FileInfo?>("--json") { Description = "Also write the machine-readable report (JSON) to FILE.", HelpName = "FILE" };
        var chart = new Option<FileInfo?>("--chart") { Description = "Also draw load, solar, peer trades and price per period to FILE (.png or .svg).", HelpName = "FILE" };
        chart.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<FileInfo?>() is { } file && !IsChartFile(file.Name))
            {
                r.AddError($"--chart needs a .png or .svg file name; found '{file.Name}'.");
            }
        });
        var journal = new Option<FileInfo?>("--journal")
        {
            Description = "Keep the SQLite settlement journal in FILE (by default a temporary file, deleted after the run).",
            HelpName = "FILE",
        };

        foreach (var output in new[] { json, chart, journal })
        {
            output.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<FileInfo?>() is { Directory: { Exists: false } folder })
                {
                    r.AddError($"{r.Option.Name} names a file in '{folder.FullName}', which does not exist.");
                }
            });
        }

        var command = new Command("demo", "Runs a simulated day of a neighbourhood peer-to-peer market — orders through the market operator, " +
            "signed meter readings, settlement through the SDK's settlement service and SQLite journal — and prints, charts and writes the result.")
        {
            homes, periods, seed, chain, scenario, json, chart, journal,
        };
        var chainOptions = DemoChainOptions.AddTo(command, chain);
        command.Validators.Add(r =>
        {
            // Read the tokens, not the values: a value that does not convert is reported by its own option.
            if (r.GetResult(scenario) is { Tokens: [{ Value: "two-homes" }] } && r.GetResult(homes) is { Implicit: false })
            {
                r.AddError("--homes does not apply to --scenario two-homes (it has two homes).");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new DemoOptions
            {
                Homes = parsed.GetValue(homes),
                Periods = parsed.GetValue(periods),
                Seed = parsed.GetValue(seed),
                Chain = parsed.GetValue(chain) ?? DemoChains.Default,
                ChainSettings = chainOptions.Read(parsed),
                Scenario = parsed.GetValue(scenario) == "two-homes" ? DemoScenario.TwoHomes : DemoScenario.Neighbourhood,
                JsonPath = parsed.GetValue(json)?.FullName,
                ChartPath = parsed.GetValue(chart)?.FullName,
                JournalPath = parsed.GetValue(journal)?.FullName,
            };
            return await new DemoRun(options, context).RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static bool IsChartFile(string name) =>
        name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);

    private static void InRange(System.CommandLine.Parsing.OptionResult result, string name, int min, int max)
    {
        // Only a value given and well-formed is checked here; a malformed one is reported by the parser itself.
        if (result.Tokens is [{ } token] && int.TryParse(token.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && (value < min || value > max))
        {
            result.AddError($"{name} must be {min} to {max}; found {value}.");
        }
    }
}
