using System.Diagnostics;
using System.Text.Json;
using EnergySettlement.Cli.Chains;

namespace EnergySettlement.Cli.Tests.Chains;

public sealed class DemoEuroContractTests
{
    [Fact]
    public async Task BytecodeHex_RecompiledFromTheSource_IsTheSame()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EnergySettlement.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(root.FullName, "src", "EnergySettlement.Ethereum", "Contracts", "compile.js"));
        info.ArgumentList.Add(Path.Combine(root.FullName, "src", "EnergySettlement.Cli", "Chains", "DemoEuro.sol"));
        info.ArgumentList.Add("DemoEuro");
        using var node = Process.Start(info)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, error);

        using var artifact = JsonDocument.Parse(output);
        Assert.Equal("0x" + DemoEuroContract.BytecodeHex, artifact.RootElement.GetProperty("bytecode").GetString());
    }
}
