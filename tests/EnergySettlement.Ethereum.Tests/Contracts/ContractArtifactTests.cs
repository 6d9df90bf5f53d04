using System.Text.Json;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Contracts;

public sealed class ContractArtifactTests
{
    internal static string SourceDirectory => Path.Combine(RepositoryPaths.Root, "src", "EnergySettlement.Ethereum", "Contracts");

    private static string TestDirectory => Path.Combine(RepositoryPaths.Root, "tests", "EnergySettlement.Ethereum.Tests", "Contracts");

    [Fact]
    public async Task BatchSettlement_RecompiledWithSolcJs_MatchesCommittedArtifact()
    {
        Assert.True(Directory.Exists(RepositoryPaths.Solc), "node_modules/solc is missing: run `npm ci` at the repository root.");
        var compiled = await NodeTool.RunAsync(SourceDirectory, "compile.js", "BatchSettlement.sol", "BatchSettlement");
        var committed = await File.ReadAllTextAsync(Path.Combine(SourceDirectory, "BatchSettlement.json"));
        Assert.Equal(Bytecode(committed), Bytecode(compiled));
        Assert.Equal(committed.ReplaceLineEndings("\n"), compiled.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task BatchSettlementV2_RecompiledWithSolcJs_MatchesCommittedArtifact()
    {
        var compiled = await NodeTool.RunAsync(SourceDirectory, "compile.js", "BatchSettlementV2.sol", "BatchSettlementV2");
        var committed = await File.ReadAllTextAsync(Path.Combine(SourceDirectory, "BatchSettlementV2.json"));
        Assert.Equal(Bytecode(committed), Bytecode(compiled));
        Assert.Equal(committed.ReplaceLineEndings("\n"), compiled.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("TestToken")]
    [InlineData("Disperse")]
    [InlineData("MisbehavingToken")]
    [InlineData("ReentrantPayee")]
    public async Task TestContract_RecompiledWithSolcJs_MatchesCommittedArtifact(string contract)
    {
        var compiled = await NodeTool.RunAsync(SourceDirectory, "compile.js", Path.Combine(TestDirectory, contract + ".sol"), contract);
        var committed = await File.ReadAllTextAsync(Path.Combine(TestDirectory, contract + ".json"));
        Assert.Equal(Bytecode(committed), Bytecode(compiled));
    }

    internal static string Bytecode(string artifact)
    {
        using var document = JsonDocument.Parse(artifact);
        var bytecode = document.RootElement.GetProperty("bytecode").GetString();
        Assert.False(string.IsNullOrEmpty(bytecode));
        Assert.StartsWith("0x60", bytecode, StringComparison.Ordinal);
        return bytecode;
    }
}
