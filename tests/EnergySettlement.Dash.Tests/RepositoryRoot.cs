namespace EnergySettlement.Dash.Tests;

/// <summary>The repository checkout the tests run in (the directory with package.json and EnergySettlement.sln).</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "package.json")) && File.Exists(System.IO.Path.Combine(directory.FullName, "EnergySettlement.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"The repository root (with package.json and EnergySettlement.sln) was not found above {AppContext.BaseDirectory}.");
    }
}
