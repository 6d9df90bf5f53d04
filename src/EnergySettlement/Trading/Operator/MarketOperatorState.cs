namespace EnergySettlement.Trading;

/// <summary>Where a <see cref="MarketOperator"/> is in its life.</summary>
public enum MarketOperatorState
{
    /// <summary>Created; <see cref="MarketOperator.StartAsync"/> has not run.</summary>
    Created = 0,

    /// <summary>Recovering from the order journal and opening the books due now.</summary>
    Starting = 1,

    /// <summary>Taking orders and running the schedule.</summary>
    Running = 2,

    /// <summary>Finishing the entries already queued; taking no new ones.</summary>
    Stopping = 3,

    /// <summary>Stopped; <see cref="MarketOperator.StartAsync"/> may start it again (recovering from the journal).</summary>
    Stopped = 4,

    /// <summary>Stopped by an unexpected failure (the journal could not say whether a write happened, an event sink threw, …): call
    /// <see cref="MarketOperator.StopAsync"/> and then <see cref="MarketOperator.StartAsync"/>, which recovers from the journal.</summary>
    Faulted = 5,
}
