namespace EnergySettlement.Matching;

/// <summary>Options of a <see cref="ThreadedMatchingEngine{TSink}"/>.</summary>
public sealed class ThreadedMatchingEngineOptions
{
    /// <summary>Gets or sets the number of worker threads; books are partitioned across them by book id.</summary>
    /// <value>The default is 1. Must be between 1 and 1,024.</value>
    public int WorkerCount { get; set; } = 1;

    /// <summary>Gets or sets how many commands each worker's queue holds before producers wait (back-pressure).</summary>
    /// <value>The default is 65,536. Must be at least 1.</value>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message lists every problem.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (WorkerCount < 1 || WorkerCount > 1_024)
        {
            errors.Add($"WorkerCount must be between 1 and 1024; found {WorkerCount}.");
        }

        if (QueueCapacity < 1)
        {
            errors.Add($"QueueCapacity must be at least 1; found {QueueCapacity}.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid threaded matching engine options: " + string.Join(" ", errors));
        }
    }
}
