using EnergySettlement.Chains;

namespace EnergySettlement.Testing.Tests.Ledger;

public class SimulatedChainConcurrencyTests
{
    [Fact]
    public async Task PrepareSubmitAndMine_FromManyThreads_PaysEveryBatchOnceAndConservesMoney()
    {
        const int Workers = 8;
        const int BatchesPerWorker = 25;
        var h = new ChainHarness();
        using var stop = new CancellationTokenSource();
        var miner = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                h.Chain.MineBlock();
            }
        });

        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < BatchesPerWorker; i++)
            {
                await h.PayAsync(h.Batch($"w{w}-b{i}", 10 + w, 1));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await miner;
        h.Chain.MineBlock();

        for (var w = 0; w < Workers; w++)
        {
            for (var i = 0; i < BatchesPerWorker; i++)
            {
                Assert.True(h.Chain.TryGetSettlement(new SettlementBatchId($"w{w}-b{i}"), out _));
            }
        }

        var expectedAlice = Enumerable.Range(0, Workers).Sum(w => (10 + w) * BatchesPerWorker);
        Assert.Equal(expectedAlice, h.Balance(h.Alice));
        Assert.Equal(Workers * BatchesPerWorker, h.Balance(h.Bob));
        Assert.Empty(h.Chain.Mempool);
        h.AssertConserved();
    }
}
