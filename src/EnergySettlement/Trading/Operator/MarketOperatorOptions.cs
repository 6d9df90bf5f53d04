using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// How a <see cref="MarketOperator"/> runs one market: participants' default limits, book size, queues, journal batching
/// and snapshots. Validated at start-up, every problem reported at once.
/// </summary>
/// <remarks>Configure at start-up (<c>es.AddMarket(market, o => …)</c>); the operator reads the options once when it is created.</remarks>
public sealed class MarketOperatorOptions
{
    /// <summary>Gets the limits every participant gets unless its <see cref="ParticipantRegistration.Limits"/> replace them.</summary>
    public ParticipantLimits Limits { get; } = new();

    /// <summary>Gets or sets how many orders one delivery period's book holds at once; a limit order beyond it is rejected (<see cref="OrderRejectionReason.BookFull"/>).</summary>
    /// <value>The default is 8,192. Must be between 1 and <see cref="OrderBookOptions.MaxCapacity"/>. A book reserves its memory up
    /// front: about 48 bytes per order of capacity (172 in a call-auction market) plus 32 bytes per tick of the price band.</value>
    public int BookCapacity { get; set; } = 8_192;

    /// <summary>Gets or sets what happens when a participant's orders would trade with each other in a continuous market.</summary>
    /// <value>The default is <see cref="SelfTradePrevention.CancelNewest"/>.</value>
    public SelfTradePrevention SelfTradePrevention { get; set; } = SelfTradePrevention.CancelNewest;

    /// <summary>Gets or sets the number of matching-engine worker threads; the market's books are spread over them.</summary>
    /// <value>The default is 1. Must be between 1 and 64. Events keep the journal's order whatever the count.</value>
    public int WorkerCount { get; set; } = 1;

    /// <summary>Gets or sets how many order entries may wait to be journaled; callers wait when the queue is full (back-pressure).</summary>
    /// <value>The default is 4,096. Must be positive.</value>
    public int QueueCapacity { get; set; } = 4_096;

    /// <summary>Gets or sets the most commands written to the journal in one append (group commit: one durable write for many entries).</summary>
    /// <value>The default is 256. Must be positive.</value>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Gets or sets the most journaled commands whose events are not yet delivered; the journal writer waits beyond it.</summary>
    /// <value>The default is 4,096. Must be positive.</value>
    public int MaxCommandsInFlight { get; set; } = 4_096;

    /// <summary>Gets or sets after how many journal entries the operator saves a snapshot of its books (replay then starts there), or 0 for never.</summary>
    /// <value>The default is 10,000. Must not be negative.</value>
    public int SnapshotInterval { get; set; } = 10_000;

    /// <summary>Gets or sets how many events a <see cref="MarketOperator.ReadEventsAsync"/> reader may fall behind before its enumeration ends with <see cref="EventSubscriptionOverflowException"/>.</summary>
    /// <value>The default is 65,536. Must be positive.</value>
    public int SubscriberBufferCapacity { get; set; } = 65_536;

    /// <summary>Gets or sets whether the operator runs its schedule on a timer from its <see cref="TimeProvider"/>; when <see langword="false"/>
    /// the host calls <see cref="MarketOperator.RunScheduleAsync"/> itself (for example a simulation that steps time).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RunScheduleOnTimer { get; set; } = true;

    /// <summary>Checks the options and returns every problem found (empty when valid).</summary>
    /// <returns>The problems, each naming the property.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Limits.Validate().Select(e => "Limits." + e));
        if (BookCapacity < 1 || BookCapacity > OrderBookOptions.MaxCapacity)
        {
            errors.Add($"BookCapacity must be between 1 and {OrderBookOptions.MaxCapacity}; found {BookCapacity}.");
        }

        if (!Enum.IsDefined(SelfTradePrevention))
        {
            errors.Add($"SelfTradePrevention {SelfTradePrevention} is not defined.");
        }

        if (WorkerCount < 1 || WorkerCount > 64)
        {
            errors.Add($"WorkerCount must be between 1 and 64; found {WorkerCount}.");
        }

        foreach (var (name, value) in new[] { (nameof(QueueCapacity), QueueCapacity), (nameof(MaxBatchSize), MaxBatchSize), (nameof(MaxCommandsInFlight), MaxCommandsInFlight), (nameof(SubscriberBufferCapacity), SubscriberBufferCapacity) })
        {
            if (value < 1)
            {
                errors.Add($"{name} must be positive; found {value}.");
            }
        }

        if (SnapshotInterval < 0)
        {
            errors.Add($"SnapshotInterval must not be negative; found {SnapshotInterval}.");
        }

        return errors;
    }
}
