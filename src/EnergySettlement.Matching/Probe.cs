namespace EnergySettlement.Matching;

/// <summary>Probe.</summary>
public static class Probe
{
    /// <summary>Value.</summary>
    public static int Value => 1;
}
