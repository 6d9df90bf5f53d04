namespace EnergySettlement.Cli.Chains;

/// <summary>The chains <c>energy-settle demo --chain</c> accepts: one line per chain.</summary>
internal static class DemoChains
{
    private static readonly Dictionary<string, Func<IDemoChain>> Factories = new(StringComparer.Ordinal)
    {
        [SimulatedDemoChain.ChainName] = static () => new SimulatedDemoChain(),
        [AnvilDemoChain.ChainName] = static () => new AnvilDemoChain(),
    };

    /// <summary>Gets the accepted names, in the order help shows them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys];

    /// <summary>The chain a demo uses when <c>--chain</c> is not given: the embedded simulated chain (no set-up, no network).</summary>
    public const string Default = SimulatedDemoChain.ChainName;

    /// <summary>Creates the chain of a name from <see cref="Names"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>A new, unopened chain.</returns>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static IDemoChain Create(string name) =>
        Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown chain '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
}
