namespace EnergySettlement.Cli.Tests.Chains;

/// <summary>The tests that set the Dash chain's process environment variables (keys, RPC credentials): one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DashEnvironmentCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Dash environment";
}
