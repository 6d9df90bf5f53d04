namespace EnergySettlement.Cli.Demo;

/// <summary>Which market the demo runs.</summary>
internal enum DemoScenario
{
    /// <summary>A neighbourhood of <c>--homes</c> homes (solar, batteries, plain consumers) on two feeders.</summary>
    Neighbourhood,

    /// <summary>The reference demonstration: two test homes, one with solar, paying each other peer to peer.</summary>
    TwoHomes,
}
