using EnergySettlement.Chains;

namespace EnergySettlement.Dash.Tests.Provider;

public sealed class StatusTests
{
    private static async Task<(ProviderFixture Fixture, SettlementBatch Batch, PreparedTransaction Prepared)> SubmittedAsync(Action<DashOptions>? configure = null)
    {
        var f = new ProviderFixture(configure);
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));
        var prepared = await f.Provider.PrepareAsync(batch);
        await f.Provider.SubmitAsync(prepared);
        return (f, batch, prepared);
    }

    [Fact]
    public async Task Status_NeverSubmitted_IsUnknown()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var prepared = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        Assert.Equal(SettlementState.Unknown, (await f.Provider.GetStatusAsync(prepared)).State);
    }

    [Fact]
    public async Task Status_WithoutLocks_IsIncludedUntilTheConfirmationsThenFinal()
    {
        var (f, batch, prepared) = await SubmittedAsync(o => o.Confirmations = 3);
        using var _ = f;

        f.Ledger.Mine(2);
        var included = await f.Provider.GetStatusAsync(prepared);
        f.Ledger.Mine(1);
        var final = await f.Provider.GetStatusAsync(prepared);

        Assert.Equal(SettlementState.Included, included.State);
        Assert.Equal(2, included.Confirmations);
        Assert.Equal(SettlementState.Final, final.State);
        Assert.Equal(3, final.Confirmations);
        Assert.Equal((ulong)(f.Ledger.Height - 2), final.BlockNumber);
        Assert.NotNull(final.BlockHash);
        Assert.True((await f.Store.FindAsync(batch.Id))!.IsSpent);
    }

    [Fact]
    public async Task Status_ChainLockedBlock_IsFinalAtOneConfirmation()
    {
        var (f, _, prepared) = await SubmittedAsync();
        using var __ = f;
        f.Ledger.Mine(1);
        Assert.Equal(SettlementState.Included, (await f.Provider.GetStatusAsync(prepared)).State);

        f.Ledger.ChainLockTip();
        var status = await f.Provider.GetStatusAsync(prepared);

        Assert.Equal(SettlementState.Final, status.State);
        Assert.Equal("in a chain-locked block", status.Detail);
    }

    [Fact]
    public async Task Status_InstantSendNotTrusted_WaitsForConfirmations()
    {
        var (f, _, prepared) = await SubmittedAsync(o => o.FinalOnInstantSendLock = false);
        using var __ = f;

        f.Ledger.InstantLock(prepared.TransactionId);

        Assert.Equal(SettlementState.Pending, (await f.Provider.GetStatusAsync(prepared)).State);
        Assert.Equal(FinalityModel.Confirmations, f.Provider.Capabilities.Finality);
    }

    [Fact]
    public async Task Status_InputDoubleSpent_IsConflictedNamingTheSpender()
    {
        var (f, _, prepared) = await SubmittedAsync();
        using var __ = f;
        var input = f.Ledger.TransactionOf(prepared).Inputs[0].ToOutPoint();

        var thief = f.Ledger.DoubleSpend(input, ProviderFixture.Payee(9), mine: true);
        var status = await f.Provider.GetStatusAsync(prepared);

        Assert.Equal(SettlementState.Conflicted, status.State);
        Assert.Equal(thief, status.ReplacedBy);
    }

    [Fact]
    public async Task Status_SpenderTheBackendCannotName_IsConflictedWithoutReplacement()
    {
        var (f, _, prepared) = await SubmittedAsync();
        using var __ = f;
        f.Ledger.NamesSpenders = false;

        f.Ledger.DoubleSpend(f.Ledger.TransactionOf(prepared).Inputs[0].ToOutPoint(), ProviderFixture.Payee(9), mine: true);
        var status = await f.Provider.GetStatusAsync(prepared);

        Assert.Equal(SettlementState.Conflicted, status.State);
        Assert.Null(status.ReplacedBy);
    }

    [Fact]
    public async Task Conflicted_ReleaseThenPrepareAgain_PaysTheBatchFromOtherCoins()
    {
        var (f, batch, prepared) = await SubmittedAsync();
        using var __ = f;
        f.Ledger.DoubleSpend(f.Ledger.TransactionOf(prepared).Inputs[0].ToOutPoint(), ProviderFixture.Payee(9), mine: false);
        var fresh = f.Ledger.Fund(f.AddressA, 2_000_000); // mines the double-spend too
        Assert.Equal(SettlementState.Conflicted, (await f.Provider.GetStatusAsync(prepared)).State);

        await f.Provider.ReleaseAsync(prepared);
        var again = await f.Provider.PrepareAsync(batch);

        Assert.NotEqual(prepared.TransactionId, again.TransactionId);
        Assert.Equal(fresh, f.Ledger.TransactionOf(again).Inputs.Single().ToOutPoint());
        Assert.Equal(SubmissionResult.Accepted, await f.Provider.SubmitAsync(again));
    }

    [Fact]
    public async Task Status_EvictedFromTheMempool_IsDroppedAndTheSameBytesAreAcceptedAgain()
    {
        var (f, _, prepared) = await SubmittedAsync();
        using var __ = f;

        f.Ledger.Evict(prepared.TransactionId);
        var dropped = await f.Provider.GetStatusAsync(prepared);
        var resubmitted = await f.Provider.SubmitAsync(prepared);
        f.Ledger.InstantLock(prepared.TransactionId);

        Assert.Equal(SettlementState.Dropped, dropped.State);
        Assert.Equal(SubmissionResult.Accepted, resubmitted);
        Assert.True((await f.Provider.GetStatusAsync(prepared)).IsFinal);
    }

    [Fact]
    public async Task Status_BackendUnreachable_ThrowsChainUnavailable()
    {
        var (f, _, prepared) = await SubmittedAsync();
        using var __ = f;
        f.Ledger.Unavailable = true;

        await Assert.ThrowsAsync<ChainUnavailableException>(() => f.Provider.GetStatusAsync(prepared));
    }

    [Fact]
    public async Task Status_TransactionOfAnotherChain_ThrowsArgumentException()
    {
        var (f, _, prepared) = await SubmittedAsync();
        using var __ = f;

        await Assert.ThrowsAsync<ArgumentException>(() => f.Provider.GetStatusAsync(prepared with { ChainId = ChainId.Parse("eip155:1") }));
    }
}
