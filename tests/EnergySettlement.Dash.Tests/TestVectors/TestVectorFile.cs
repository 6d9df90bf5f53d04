using System.Text.Json;

namespace EnergySettlement.Dash.Tests.TestVectors;

/// <summary>Opens a committed test-vector file copied beside the test assembly.</summary>
internal static class TestVectorFile
{
    public static JsonDocument Open(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestVectors", name)));
}
