namespace EnergySettlement.Cli.Chains;

/// <summary>The chains <c>energy-settle demo --chain</c> accepts: one line per chain.</summary>
internal static class DemoChains
{
    private static readonly Dictionary<string, Func<DemoChainSettings, IDemoChain>> Factories = new(StringComparer.Ordinal)
    {
        [SimulatedDemoChain.ChainName] = static _ => new SimulatedDemoChain(),
        [AnvilDemoChain.ChainName] = static _ => new AnvilDemoChain(),
        [EthereumDemoChain.ChainName] = static s => new EthereumDemoChain(s.ToEthereum()),
        [DashDemoChain.ChainName] = static s => new DashDemoChain(s.ToDash(), Environment.GetEnvironmentVariable),
    };

    /// <summary>Gets the accepted names, in the order help shows them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys];

    /// <summary>The chain a demo uses when <c>--chain</c> is not given: the embedded simulated chain (no set-up, no network).</summary>
    public const string Default = SimulatedDemoChain.ChainName;

    /// <summary>Creates the chain of a name from <see cref="Names"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>A new, unopened chain.</returns>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static IDemoChain Create(string name) => Create(name, DemoChainSettings.None);

    /// <summary>Creates the chain of a name from <see cref="Names"/> with its options (<see cref="DemoChainOptions"/>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="settings">The chain options given on the command line.</param>
    /// <returns>A new, unopened chain.</returns>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static IDemoChain Create(string name, DemoChainSettings settings) =>
        Factories.TryGetValue(name, out var factory)
            ? factory(settings)
            : throw new ArgumentException($"Unknown chain '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
}
