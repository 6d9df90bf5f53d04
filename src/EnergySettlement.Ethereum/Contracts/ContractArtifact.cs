using System.Text.Json;
using EnergySettlement.Crypto;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// A contract artifact embedded in the assembly (<c>Contracts/&lt;name&gt;.json</c>, written by <c>compile.js</c> with
/// solc-js): its creation bytecode and the compiler it came from. A test recompiles each source and requires the
/// committed artifact, so the bytecode cannot drift from the source.
/// </summary>
internal sealed class ContractArtifact
{
    private ContractArtifact(byte[] bytecode, string compiler)
    {
        Bytecode = bytecode;
        Compiler = compiler;
    }

    /// <summary>Gets the creation bytecode (the constructor takes no arguments).</summary>
    public ReadOnlyMemory<byte> Bytecode { get; }

    /// <summary>Gets the compiler the artifact came from.</summary>
    public string Compiler { get; }

    /// <summary>Loads the embedded artifact of a contract.</summary>
    /// <param name="contract">The contract name, for example <c>BatchSettlementV2</c>.</param>
    public static ContractArtifact Load(string contract)
    {
        var resource = $"EnergySettlement.Ethereum.Contracts.{contract}.json";
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The {contract} artifact is not embedded in the assembly ({resource}).");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        return new ContractArtifact(Hex.Decode(root.GetProperty("bytecode").GetString()), root.GetProperty("compiler").GetString() ?? string.Empty);
    }
}
