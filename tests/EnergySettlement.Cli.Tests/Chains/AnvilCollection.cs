namespace EnergySettlement.Cli.Tests.Chains;

/// <summary>Tests that start Anvil or change <c>ENERGY_SETTLE_ANVIL</c>: run alone, so that no test sees another's variable.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AnvilCollection
{
    public const string Name = "anvil";
}
