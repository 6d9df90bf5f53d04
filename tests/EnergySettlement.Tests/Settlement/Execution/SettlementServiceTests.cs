using EnergySettlement.Chains;
using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Execution;

public sealed class SettlementServiceTests
{
    [Fact]
    public async Task ProcessAsync_HealthyBatch_GoesFromPlannedToFinalAndPaysEachPayoutOnce()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700), ("bob", 300))]);

        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        var last = await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        Assert.Equal(BatchState.Final, history.State);
        Assert.Equal(
            [BatchState.Prepared, BatchState.Submitted, BatchState.Submitted, BatchState.Final],
            history.Transitions.Select(t => t.State));
        Assert.True(last.AllFinal);
        Assert.Equal(700, rig.Balance("alice").Amount);
        Assert.Equal(300, rig.Balance("bob").Amount);
        Assert.Single(rig.Chain.GetSettlements(new SettlementBatchId("b-1")));
    }

    [Fact]
    public async Task ProcessAsync_EveryStep_IsJournaledBeforeTheChainCallItEnables()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);

        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var tx = (await rig.BatchAsync("b-1")).SettledBy!.Id;
        var prepared = rig.Events.IndexOf($"journal:Prepared:b-1:{tx}:Prepared");
        var firstSubmit = rig.Events.IndexOf($"chain:submit:b-1:{tx}");
        var submitted = rig.Events.IndexOf($"journal:Submitted:b-1:{tx}:Submitted");
        var firstStatus = rig.Events.IndexOf($"chain:status:b-1:{tx}");
        Assert.True(rig.Events.IndexOf($"chain:prepared:b-1:{tx}") < prepared);
        Assert.True(prepared >= 0 && prepared < firstSubmit, string.Join("\n", rig.Events));
        Assert.True(firstSubmit < submitted && submitted < firstStatus, string.Join("\n", rig.Events));
    }

    [Fact]
    public async Task ProcessAsync_BeforeMining_LeavesTheBatchSubmittedAndTheMoneyUnmoved()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);

        var pass = await rig.Service.ProcessAsync();

        Assert.Equal(BatchState.Submitted, (await rig.BatchAsync("b-1")).State);
        Assert.Equal(1, pass.Advanced);
        Assert.False(pass.AllFinal);
        Assert.Equal(0, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task ProcessAsync_IncludedNotYetFinal_StaysIncludedUntilEnoughConfirmations()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlock();

        await rig.Service.ProcessAsync();
        var included = (await rig.BatchAsync("b-1")).State;
        rig.Chain.MineBlocks(2);
        await rig.Service.ProcessAsync();

        Assert.Equal(BatchState.Included, included);
        Assert.Equal(BatchState.Final, (await rig.BatchAsync("b-1")).State);
    }

    [Fact]
    public async Task ScheduleAsync_SameBatchTwice_RecordsItOnceAndPaysOnce()
    {
        using var rig = new SettlementRig();
        var batch = rig.Batch("b-1", ("alice", 700));

        var first = await rig.Service.ScheduleAsync([batch]);
        rig.Time.Advance(TimeSpan.FromMinutes(3));
        var second = await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task ScheduleAsync_SameIdOtherPayouts_ThrowsConflictAndKeepsTheFirst()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 701))]));

        Assert.Equal(700, (await rig.BatchAsync("b-1")).Batch.Payouts.Single().Amount.Amount);
    }

    [Fact]
    public async Task ScheduleAsync_PayerOnAnUnregisteredChain_ThrowsUnknownChainAndRecordsNothing()
    {
        using var rig = new SettlementRig();
        var otherChain = ChainId.Parse("sim:elsewhere");
        var asset = new Asset(AssetId.Parse("sim:elsewhere/native:SIM"), 8, "SIM");
        var stranger = new SettlementBatch(new SettlementBatchId("b-x"), SettlementAccount.Create(otherChain, "payer"), asset, [new Payout(SettlementAccount.Create(otherChain, "alice"), new Money(5, asset))]);

        await Assert.ThrowsAsync<UnknownChainException>(() => rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700)), stranger]));

        Assert.Empty(await rig.Journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task ScheduleAsync_PayeeAddressTheChainRejects_ThrowsInvalidAddressAndRecordsNothing()
    {
        using var rig = new SettlementRig();
        var bad = new SettlementBatch(new SettlementBatchId("b-x"), rig.Payer, rig.Eurc, [new Payout(SettlementAccount.Create(rig.Chain.ChainId, "Not-Lower-Case"), new Money(5, rig.Eurc))]);

        await Assert.ThrowsAsync<InvalidAddressException>(() => rig.Service.ScheduleAsync([bad]));

        Assert.Empty(await rig.Journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task ScheduleAsync_AssetTheChainDoesNotCarry_ThrowsArgumentAndRecordsNothing()
    {
        using var rig = new SettlementRig();
        var foreign = new Asset(AssetId.Parse($"{rig.Chain.ChainId}/token:XYZ"), 2, "XYZ");
        var bad = new SettlementBatch(new SettlementBatchId("b-x"), rig.Payer, foreign, [new Payout(rig.Account("alice"), new Money(5, foreign))]);

        await Assert.ThrowsAsync<ArgumentException>(() => rig.Service.ScheduleAsync([bad]));

        Assert.Empty(await rig.Journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var options = new SettlementOptions { DropTimeout = TimeSpan.Zero, PollInterval = TimeSpan.FromSeconds(-1), CircuitBreakerFailureRatio = 2, MaxRetryAttempts = -1 };

        var error = Assert.Throws<ArgumentException>(() => new SettlementService(new InMemorySettlementJournal(), new ChainProviderRegistry([]), options));

        Assert.Contains("DropTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("PollInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("CircuitBreakerFailureRatio", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryAttempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReceiptsAsync_AfterFinality_ReturnsOnePaidReceiptPerBatchInOrderAndResumesFromAPosition()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700)), rig.Batch("b-2", ("bob", 100))]);
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var receipts = await rig.Service.GetReceiptsAsync(0, 10);
        var rest = await rig.Service.GetReceiptsAsync(receipts[0].Position, 10);

        Assert.Equal(["b-1", "b-2"], receipts.Select(r => r.Batch.Id.Value));
        Assert.All(receipts, r => Assert.Equal(SettlementReceiptKind.Paid, r.Kind));
        Assert.Equal((await rig.BatchAsync("b-1")).SettledBy!.Id, receipts[0].TransactionId);
        Assert.NotNull(receipts[0].BlockHash);
        Assert.Equal(["b-2"], rest.Select(r => r.Batch.Id.Value));
    }

    [Fact]
    public async Task WatchReceiptsAsync_BatchBecomesFinalWhileWatching_YieldsItsReceipt()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(async () =>
        {
            await foreach (var receipt in rig.Service.WatchReceiptsAsync(0, cancel.Token))
            {
                return receipt;
            }

            return null;
        });

        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();
        var received = await watching;

        Assert.Equal("b-1", received?.Batch.Id.Value);
    }
}
