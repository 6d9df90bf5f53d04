using System.Diagnostics;

namespace EnergySettlement.Ethereum.Tests.Contracts;

/// <summary>Runs a node.js script from the repository and returns its standard output.</summary>
public static class NodeTool
{
    public static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node.js is required to compile the Solidity contracts (solc-js): install node and run `npm ci` at the repository root.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {string.Join(' ', arguments)} failed with code {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
            }

            return await stdout.ConfigureAwait(false);
        }
    }
}
