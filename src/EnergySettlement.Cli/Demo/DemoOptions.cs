namespace EnergySettlement.Cli.Demo;

/// <summary>The demo's settings, from the command line.</summary>
internal sealed record DemoOptions
{
    public int Homes { get; init; } = 8;

    public int Periods { get; init; } = 4;

    public int Seed { get; init; } = 2018;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Homes is < 3 or > 99)
        {
            errors.Add($"--homes must be 3 to 99; found {Homes}.");
        }

        if (Periods is < 1 or > 96)
        {
            errors.Add($"--periods must be 1 to 96; found {Periods}.");
        }

        return errors;
    }
}
