using System.Text.Json;

namespace EnergySettlement.Crypto.Tests.Support;

/// <summary>Reads the committed vector files copied next to the test assembly.</summary>
internal static class TestVectorFile
{
    public static JsonDocument Open(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestVectors", name);
        return JsonDocument.Parse(File.ReadAllText(path));
    }
}
