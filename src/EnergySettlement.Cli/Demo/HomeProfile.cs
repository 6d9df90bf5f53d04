namespace EnergySettlement.Cli.Demo;

/// <summary>
/// A home's energy per delivery period, in Wh: what it expected when it placed its orders (<see cref="ForecastNet"/>)
/// and what its meter measured (load, solar, battery and the resulting import/export). Positive net is import.
/// </summary>
internal sealed class HomeProfile(int periods)
{
    /// <summary>Gets the consumption the meter saw behind it (Wh per period).</summary>
    public long[] Load { get; } = new long[periods];

    /// <summary>Gets the solar generation (Wh per period).</summary>
    public long[] Solar { get; } = new long[periods];

    /// <summary>Gets the battery's charge (positive) or discharge (negative) per period.</summary>
    public long[] Battery { get; } = new long[periods];

    /// <summary>Gets the forecast net import (positive) or export (negative) the orders are based on.</summary>
    public long[] ForecastNet { get; } = new long[periods];

    /// <summary>Gets the metered import per period.</summary>
    public long[] Imported { get; } = new long[periods];

    /// <summary>Gets the metered export per period.</summary>
    public long[] Exported { get; } = new long[periods];
}
