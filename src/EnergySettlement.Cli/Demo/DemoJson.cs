using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergySettlement.Cli.Demo;

/// <summary>Writes the demo's report as JSON (camelCase, indented; the format is described in docs/cli.md).</summary>
internal static class DemoJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Serialises the report.</summary>
    public static string Serialize(DemoReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Writes the report to a file, replacing it.</summary>
    public static async Task WriteAsync(DemoReport report, string path, CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.Create(path);
            await using (stream.ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(stream, report, Options, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Hosting.CliException(Hosting.ExitCodes.InputError, $"Cannot write the report to '{path}': {e.Message}", e);
        }
    }
}
