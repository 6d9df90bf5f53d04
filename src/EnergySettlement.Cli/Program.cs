using EnergySettlement;
using EnergySettlement.Cli.Demo;

// energy-settle: the EnergySettlement demo command.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        energy-settle demo [--homes N] [--periods N] [--seed N]

        Runs a neighbourhood peer-to-peer energy market end to end: homes place orders for 15-minute delivery
        periods, the matching engine pairs them, meters sign what really flowed, and the trades are paid on a
        simulated chain, each batch exactly once. Prints and draws the result. Same seed, same result.

          --homes N     number of homes, 3 to 99 (default 8)
          --periods N   number of delivery periods, 1 to 96 (default 4)
          --seed N      scenario seed (default 2018)
        """);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] != "demo")
{
    Console.Error.WriteLine($"Unknown command '{args[0]}'. Run 'energy-settle --help'.");
    return 2;
}

var options = new DemoOptions();
for (var i = 1; i < args.Length; i++)
{
    if (i + 1 >= args.Length || !int.TryParse(args[i + 1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
    {
        Console.Error.WriteLine($"Option '{args[i]}' needs a whole number. Run 'energy-settle --help'.");
        return 2;
    }

    switch (args[i])
    {
        case "--homes": options = options with { Homes = value }; break;
        case "--periods": options = options with { Periods = value }; break;
        case "--seed": options = options with { Seed = value }; break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Run 'energy-settle --help'.");
            return 2;
    }

    i++;
}

if (options.Validate() is { Count: > 0 } errors)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine(error);
    }

    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    return await new DemoRun(options, Console.Out).RunAsync(cancellation.Token).ConfigureAwait(false);
}
catch (EnergySettlementException ex)
{
    Console.Error.WriteLine($"Settlement failed ({ex.GetType().Name}, transient: {ex.IsTransient}): {ex.Message}");
    return 1;
}
