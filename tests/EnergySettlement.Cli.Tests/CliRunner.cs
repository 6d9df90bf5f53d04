using EnergySettlement.Cli.Hosting;

namespace EnergySettlement.Cli.Tests;

/// <summary>Runs a command line in-process through the real root command, capturing standard output and error.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        await RunAsync(CancellationToken.None, args);

    public static async Task<(int Exit, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var context = CliContext.ForWriters(output, error, cancellationToken);
        var exit = await RootCommandFactory.InvokeAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }
}
