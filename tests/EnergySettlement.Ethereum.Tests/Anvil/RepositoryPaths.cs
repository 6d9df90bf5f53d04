namespace EnergySettlement.Ethereum.Tests.Anvil;

/// <summary>Finds the repository root (the directory holding package.json) and the npm-installed tools under it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string AnvilBinary => Path.Combine(Root, "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

    public static string Solc => Path.Combine(Root, "node_modules", "solc");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "EnergySettlement.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException($"The repository root (with package.json and EnergySettlement.sln) was not found above {AppContext.BaseDirectory}.");
    }
}
