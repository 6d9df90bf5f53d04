using EnergySettlement.Chains;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Demo;

/// <summary>What a demo run knows and has collected as it goes (the journal remains the record).</summary>
internal sealed class RunState(
    List<Home> homes,
    MarketDefinition market,
    SettlementPlanningOptions planning,
    IReadOnlyList<SettlementParticipant> participants,
    ISettlementJournal journal,
    ChainProviderRegistry registry,
    TradeSink sink,
    DemoClock clock)
{
    public List<Home> Homes { get; } = homes;

    public MarketDefinition Market { get; } = market;

    public SettlementPlanningOptions Planning { get; } = planning;

    public IReadOnlyList<SettlementParticipant> Participants { get; } = participants;

    public ISettlementJournal Journal { get; } = journal;

    public ChainProviderRegistry Registry { get; } = registry;

    public TradeSink Sink { get; } = sink;

    public DemoClock Clock { get; } = clock;

    public int Orders { get; set; }

    public List<string> RejectedOrders { get; } = [];

    public int ReadingsAccepted { get; set; }

    public string? Tampered { get; set; }

    public List<string> MeterRejections { get; } = [];

    public List<SettlementPlan> Plans { get; } = [];

    public List<BatchHistory> Batches { get; } = [];

    public List<string> Problems { get; } = [];

    /// <summary>The index of a period from the start of the day.</summary>
    public static int IndexOf(DeliveryPeriod period) => (int)((period.Start - DemoRun.DayStart) / period.Length);
}
