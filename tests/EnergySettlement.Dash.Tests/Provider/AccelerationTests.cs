using EnergySettlement.Chains;
using EnergySettlement.Dash.Fees;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Tests.Provider;

public sealed class AccelerationTests
{
    [Fact]
    public async Task Accelerate_StuckTransaction_ChildSpendsTheChangeAndLiftsThePackageRate()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var stuck = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));
        await f.Provider.SubmitAsync(stuck);
        var parent = f.Ledger.TransactionOf(stuck);

        var acceleration = await f.Provider.AccelerateAsync(stuck);
        var child = f.Ledger.TransactionOf(acceleration.Transaction);

        Assert.True(f.Provider.CanAccelerate);
        Assert.Equal(AccelerationKind.ChildPaysForParent, acceleration.Kind);
        Assert.Equal(stuck.TransactionId, acceleration.Accelerates);
        Assert.Equal(stuck.BatchId, acceleration.Transaction.BatchId);
        Assert.Equal(parent.Hash, child.Inputs.Single().PreviousTransaction);
        Assert.Equal(parent.Outputs[(int)child.Inputs[0].PreviousIndex].ScriptPubKey.ToArray(), f.AddressA.GetScriptPubKey());
        long packageFee = (long)(stuck.MaxFee.Amount + acceleration.Transaction.MaxFee.Amount);
        Assert.True(FeeRate.FromFee(packageFee, parent.Size + child.Size) >= new FeeRate(2 * FeeRate.FromFee((long)stuck.MaxFee.Amount, parent.Size).PerKilobyte));
        Assert.Equal(SubmissionResult.Accepted, await f.Provider.SubmitAsync(acceleration.Transaction));
    }

    [Fact]
    public async Task Accelerate_Twice_BuildsTheSameChild()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var stuck = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        var first = await f.Provider.AccelerateAsync(stuck);
        var second = await f.Provider.AccelerateAsync(stuck);

        Assert.Equal(first.Transaction, second.Transaction);
    }

    [Fact]
    public async Task Accelerate_ConfiguredRate_IsThePackageRate()
    {
        using var f = new ProviderFixture(o => o.AccelerationFeeRatePerKilobyte = 5_000);
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var stuck = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        var acceleration = await f.Provider.AccelerateAsync(stuck);

        int size = f.Ledger.TransactionOf(stuck).Size + f.Ledger.TransactionOf(acceleration.Transaction).Size;
        long packageFee = (long)(stuck.MaxFee.Amount + acceleration.Transaction.MaxFee.Amount);
        Assert.InRange(packageFee, new FeeRate(5_000).GetFee(size), new FeeRate(5_000).GetFee(size + 8));
    }

    [Fact]
    public async Task Accelerate_TransactionWithoutChange_ThrowsInvalidOperation()
    {
        using var f = new ProviderFixture(o => o.WriteBatchReference = false);
        var exact = 100_000 + new FeeRate(1000).GetFee(4 + 1 + 149 + 1 + 34 + 4);
        f.Ledger.Fund(f.AddressA, exact);
        var stuck = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));
        Assert.Single(f.Ledger.TransactionOf(stuck).Outputs);

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Provider.AccelerateAsync(stuck));
    }

    [Fact]
    public async Task Accelerate_ChangeTooSmallForTheChildFee_ThrowsInsufficientFunds()
    {
        using var f = new ProviderFixture(o => o.AccelerationFeeRatePerKilobyte = 10_000);
        f.Ledger.Fund(f.AddressA, 100_000 + 300 + 600);
        var stuck = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));
        Assert.True(f.Ledger.TransactionOf(stuck).Outputs.Count == 3, "a small change output");

        await Assert.ThrowsAsync<InsufficientFundsException>(() => f.Provider.AccelerateAsync(stuck));
    }
}
