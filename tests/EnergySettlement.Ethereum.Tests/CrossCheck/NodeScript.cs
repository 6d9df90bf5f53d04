using System.ComponentModel;
using System.Diagnostics;

namespace EnergySettlement.Ethereum.Tests.CrossCheck;

/// <summary>Runs a node script of tests/EnergySettlement.Ethereum.Tests/js with JSON lines on stdin; fails (never skips) when node or the npm packages are missing.</summary>
internal static class NodeScript
{
    public static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json")) && Directory.Exists(Path.Combine(directory.FullName, "tests")))
            {
                return directory.FullName;
            }
        }

        Assert.Fail($"No package.json found above {AppContext.BaseDirectory}: the cross-check needs the repository checkout with its npm packages (run `npm ci` at the repository root).");
        return string.Empty;
    }

    public static IReadOnlyList<string> Run(string scriptName, IEnumerable<string> inputLines, string requiredPackage)
    {
        string root = FindRepositoryRoot();
        string packageJson = Path.Combine(root, "node_modules", requiredPackage, "package.json");
        Assert.True(File.Exists(packageJson), $"The npm package '{requiredPackage}' is missing ({packageJson} not found): run `npm ci` at the repository root ({root}).");
        string script = Path.Combine(root, "tests", "EnergySettlement.Ethereum.Tests", "js", scriptName);
        Assert.True(File.Exists(script), $"The cross-check script {script} is missing.");

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(script);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null for node.");
        }
        catch (Win32Exception error)
        {
            Assert.Fail($"Could not start `node` ({error.Message}): install Node.js and run `npm ci` at the repository root.");
            throw;
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            foreach (string line in inputLines)
            {
                process.StandardInput.WriteLine(line);
            }

            process.StandardInput.Close();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "node did not finish within 2 minutes.");
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"node {scriptName} exited with {process.ExitCode}: {errors.Result}");
            return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }
}
