namespace EnergySettlement.Matching.Benchmarks.Workloads;

/// <summary>How many commands of each kind a generated workload holds.</summary>
internal sealed class ExchangeWorkloadMix
{
    public int Adds { get; set; }

    public int Cancels { get; set; }

    public int Reduces { get; set; }

    public int Crosses { get; set; }

    public override string ToString() => $"adds {Adds}, cancels {Cancels}, reduces {Reduces}, crossing {Crosses}";
}
