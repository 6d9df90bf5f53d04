using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>GetParticipantStatusAsync: what a participant owes and is owed, and the state of the batches naming it.</summary>
public sealed class ParticipantStatusTests
{
    private static readonly DateTimeOffset From = WindowScenario.FirstStart;
    private static readonly DateTimeOffset Before = WindowScenario.FirstStart + TimeSpan.FromDays(1);

    [Fact]
    public async Task GetParticipantStatusAsync_BeforeAndAfterPaying_ReportsTheSumsAndEachBatchState()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        s.Trade("cat", "bob", 1_000, "0.100");
        var recorded = await rig.Service.SettleWindowAsync(s.Request());

        var bob = await rig.Service.GetParticipantStatusAsync(new ParticipantId("bob"), From, Before);
        Assert.Equal([new Money(600_000, rig.Eurc)], bob.Owes);
        Assert.Empty(bob.IsOwed);
        var bobBatch = Assert.Single(bob.Batches);
        Assert.Equal(recorded.WindowId, bobBatch.Window);
        Assert.Equal(new Money(600_000, rig.Eurc), bobBatch.Pays);
        Assert.Equal(Money.Zero(rig.Eurc), bobBatch.Receives);
        Assert.Equal(BatchState.Planned, bobBatch.State);
        Assert.False(bob.AllFinal);

        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessUntilIdleAsync();
        rig.Chain.MineBlocks(3);
        Assert.True((await rig.Service.ProcessUntilIdleAsync()).AllFinal);

        var ann = await rig.Service.GetParticipantStatusAsync(new ParticipantId("ann"), From, Before);
        Assert.Empty(ann.Owes);
        Assert.Equal([new Money(500_000, rig.Eurc)], ann.IsOwed);
        var annBatch = Assert.Single(ann.Batches);
        Assert.Equal(bobBatch.BatchId, annBatch.BatchId);
        Assert.Equal(new Money(500_000, rig.Eurc), annBatch.Receives);
        Assert.Equal(Money.Zero(rig.Eurc), annBatch.Pays);
        Assert.Equal(BatchState.Final, annBatch.State);
        Assert.True(ann.AllFinal);
        Assert.Equal(BatchState.Final, Assert.Single((await rig.Service.GetParticipantStatusAsync(new ParticipantId("bob"), From, Before)).Batches).State);
    }

    [Fact]
    public async Task GetParticipantStatusAsync_ParticipantNotNamedOrWindowOutsideTheRange_IsEmpty()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        await rig.Service.SettleWindowAsync(s.Request());

        var dan = await rig.Service.GetParticipantStatusAsync(new ParticipantId("dan"), From, Before);
        var later = await rig.Service.GetParticipantStatusAsync(new ParticipantId("bob"), Before, Before + TimeSpan.FromDays(1));

        Assert.Empty(dan.Owes);
        Assert.Empty(dan.IsOwed);
        Assert.Empty(dan.Batches);
        Assert.True(dan.AllFinal);
        Assert.Empty(later.Owes);
        Assert.Empty(later.Batches);
    }

    [Fact]
    public async Task GetParticipantStatusAsync_RangeEndsBeforeItStarts_ThrowsArgumentException()
    {
        using var rig = new SettlementRig();

        await Assert.ThrowsAsync<ArgumentException>(() => rig.Service.GetParticipantStatusAsync(new ParticipantId("ann"), Before, From));
    }
}
