using System.Text;
using System.Text.Json;

namespace EnergySettlement.Dash.Tests.Backends.Http;

/// <summary>A request the <see cref="LoopbackHttpServer"/> received.</summary>
internal sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Gets the path without the query.</summary>
    public string Path => Target.Split('?')[0];

    /// <summary>Gets the query parameters (decoded).</summary>
    public IReadOnlyDictionary<string, string> Query =>
        Target.Contains('?', StringComparison.Ordinal)
            ? Target[(Target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty)
            : new Dictionary<string, string>();

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Parses the body as JSON (the caller disposes).</summary>
    public JsonDocument Json() => JsonDocument.Parse(Body);
}
