namespace EnergySettlement.Meters;

/// <summary>Rules the <see cref="MeterReadingValidator"/> applies.</summary>
public sealed class MeterValidationOptions
{
    /// <summary>Gets or sets whether every reading must carry a valid signature from its meter.</summary>
    /// <value>The default is <see langword="true"/>: unsigned readings are rejected.</value>
    public bool RequireSignatures { get; set; } = true;

    /// <summary>Gets or sets the interval length readings must have (the markets' delivery period length).</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan PeriodLength { get; set; } = DeliveryPeriod.DefaultLength;

    /// <summary>Checks the options and returns every problem found.</summary>
    /// <returns>The problems (empty when valid).</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PeriodLength <= TimeSpan.Zero || PeriodLength > TimeSpan.FromDays(1) || TimeSpan.FromDays(1).Ticks % PeriodLength.Ticks != 0 || PeriodLength.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"PeriodLength {PeriodLength} must be whole seconds, positive, at most a day and divide a day evenly.");
        }

        return errors;
    }
}
