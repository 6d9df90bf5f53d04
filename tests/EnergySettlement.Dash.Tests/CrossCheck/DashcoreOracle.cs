using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergySettlement.Dash.Tests.CrossCheck;

/// <summary>
/// Runs js/dashcore-crosscheck.cjs on @dashevo/dashcore-lib with one JSON request per line and returns one answer per
/// request. A missing node or npm package fails the test (CI must run it), never skips it.
/// </summary>
internal static class DashcoreOracle
{
    public static IReadOnlyList<JsonObject> Ask(IReadOnlyList<JsonObject> requests)
    {
        string root = RepositoryRoot.Path;
        string package = Path.Combine(root, "node_modules", "@dashevo", "dashcore-lib", "package.json");
        Assert.True(File.Exists(package), $"The npm package @dashevo/dashcore-lib is missing ({package} not found): run `npm ci` at the repository root ({root}).");
        string script = Path.Combine(root, "tests", "EnergySettlement.Dash.Tests", "js", "dashcore-crosscheck.cjs");
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
            Assert.Fail($"Could not start `node` ({error.Message}): install Node.js 20 and run `npm ci` at the repository root.");
            throw;
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            foreach (var request in requests)
            {
                process.StandardInput.WriteLine(request.ToJsonString());
            }

            process.StandardInput.Close();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "node did not finish within 3 minutes.");
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {errors.Result}");
            var answers = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .ToArray();
            Assert.True(answers.Length == requests.Count, $"dashcore-lib answered {answers.Length} of {requests.Count} requests: {errors.Result}");
            return answers;
        }
    }

    public static string Text(this JsonObject answer, string property) =>
        answer[property]?.GetValue<string>() ?? throw new InvalidOperationException($"dashcore-lib answered without '{property}': {answer.ToJsonString(new JsonSerializerOptions())}");
}
