using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Routing and batching handed out to every core give exactly the plan of one thread.</summary>
public sealed class ParallelPlanningTests
{
    [Fact]
    public void Plan_BilateralWithMorePaymentsThanOneRoutingChunk_SameLegsBatchesAndCarriedAmountsAsOneThread()
    {
        // 220 participants, 60,000 trades between random pairs: about 22,000 net payments (routing works in chunks of
        // 16,384), some below the minimum payout so that they are carried forward, about 220 batch groups.
        var scenario = new PlanningScenario();
        scenario.Options.MinimumPayouts.Add(PlanningScenario.Usd("0.0005"));
        var state = 0x2545F491u;
        uint Next()
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return state;
        }

        for (var i = 0; i < 60_000; i++)
        {
            var seller = (int)(Next() % 220);
            var buyer = (seller + 1 + (int)(Next() % 219)) % 220;
            scenario.Trade($"p{seller}", $"p{buyer}", 1 + (Next() % 100), "0.2");
        }

        scenario.ReadingsAsContracted();

        var parallel = scenario.Plan();
        SettlementPlan sequential;
        ParallelChunks.Sequential = true;
        try
        {
            sequential = scenario.Plan();
        }
        finally
        {
            ParallelChunks.Sequential = false;
        }

        Assert.True(parallel.Legs.Count > 16_384, $"Only {parallel.Legs.Count} legs.");
        Assert.NotEmpty(parallel.CarriedForward);
        Assert.Equal(sequential.Legs.Select(l => l.Id), parallel.Legs.Select(l => l.Id));
        Assert.Equal(sequential.CarriedForward.Select(c => c.Id), parallel.CarriedForward.Select(c => c.Id));
        Assert.Equal(sequential.Batches.Select(b => b.Id), parallel.Batches.Select(b => b.Id));
        Assert.Equal(sequential.Batches.SelectMany(b => b.Legs).Select(l => l.Id), parallel.Batches.SelectMany(b => b.Legs).Select(l => l.Id));
        Assert.Equal(sequential.Batches.SelectMany(b => b.Batch.Payouts), parallel.Batches.SelectMany(b => b.Batch.Payouts));
        Assert.Equal(parallel.Legs.Count, parallel.Batches.Sum(b => b.Batch.Payouts.Count));
    }
}
