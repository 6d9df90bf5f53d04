using EnergySettlement.Cli.Chains;

namespace EnergySettlement.Cli.Demo;

/// <summary>The demo's settings, from the command line (ranges are checked by <see cref="Commands.DemoCommand"/>).</summary>
internal sealed record DemoOptions
{
    /// <summary>The fewest homes of the neighbourhood scenario.</summary>
    public const int MinHomes = 3;

    /// <summary>The most homes of the neighbourhood scenario.</summary>
    public const int MaxHomes = 500;

    /// <summary>The most delivery periods (a week of 15-minute periods).</summary>
    public const int MaxPeriods = 672;

    /// <summary>Gets the number of homes of the neighbourhood scenario. The default is 12.</summary>
    public int Homes { get; init; } = 12;

    /// <summary>Gets the number of 15-minute delivery periods. The default is 96 (a day).</summary>
    public int Periods { get; init; } = 96;

    /// <summary>Gets the scenario seed. The default is 2018 (the year of the reference demonstration).</summary>
    public int Seed { get; init; } = 2018;

    /// <summary>Gets the chain to settle on (one of <see cref="DemoChains.Names"/>). The default is <c>simulated</c>.</summary>
    public string Chain { get; init; } = DemoChains.Default;

    /// <summary>Gets the chain's options (<c>--rpc</c>, <c>--contract</c>, …; see <see cref="DemoChainOptions"/>). The default is none.</summary>
    public DemoChainSettings ChainSettings { get; init; } = DemoChainSettings.None;

    /// <summary>Gets the scenario. The default is <see cref="DemoScenario.Neighbourhood"/>.</summary>
    public DemoScenario Scenario { get; init; } = DemoScenario.Neighbourhood;

    /// <summary>Gets where to write the JSON report, or <see langword="null"/> for none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Gets where to draw the chart (.png or .svg), or <see langword="null"/> for none.</summary>
    public string? ChartPath { get; init; }

    /// <summary>Gets the SQLite journal file to keep, or <see langword="null"/> for a temporary one deleted after the run.</summary>
    public string? JournalPath { get; init; }
}
