namespace EnergySettlement.Cli.Demo;

/// <summary>
/// The demo's clock: simulated time that the run moves forward itself (order entry, gate closures, meter readings,
/// settlement, blocks), so a day runs in seconds and the same seed gives the same timestamps. Never goes back.
/// </summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock to <paramref name="time"/>, or leaves it where it is when that is earlier.</summary>
    /// <param name="time">The time to move to.</param>
    public void MoveTo(DateTimeOffset time)
    {
        lock (_gate)
        {
            if (time > _now)
            {
                _now = time;
            }
        }
    }

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far; not negative.</param>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _now += by;
        }
    }
}
