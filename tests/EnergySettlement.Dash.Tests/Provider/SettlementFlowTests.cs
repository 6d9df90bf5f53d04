using EnergySettlement.Chains;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Tests.Provider;

public sealed class SettlementFlowTests
{
    [Fact]
    public async Task Settle_TwoPayouts_PaysPayeesReturnsChangeAndCarriesBatchId()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 10_000_000);
        var batch = f.Batch("2026-06-21T11:00-home-a", f.AccountA, (ProviderFixture.Payee(1), 1_250_000), (ProviderFixture.Payee(2), 700_000));

        var prepared = await f.Provider.PrepareAsync(batch);
        var result = await f.Provider.SubmitAsync(prepared);

        Assert.Equal(SubmissionResult.Accepted, result);
        Assert.Equal(1_250_000, f.Ledger.BalanceOf(ProviderFixture.Payee(1)));
        Assert.Equal(700_000, f.Ledger.BalanceOf(ProviderFixture.Payee(2)));
        Assert.Equal(10_000_000 - 1_950_000 - (long)prepared.MaxFee.Amount, f.Ledger.BalanceOf(f.AddressA));
        var memo = f.Ledger.Transaction(prepared.TransactionId).Outputs.Single(o => o.IsNullData);
        Assert.EndsWith(Convert.ToHexStringLower("2026-06-21T11:00-home-a"u8), Crypto.Hex.Encode(memo.ScriptPubKey.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Twice_SecondIsAlreadyKnown()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 10_000_000);
        var prepared = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        await f.Provider.SubmitAsync(prepared);
        var second = await f.Provider.SubmitAsync(prepared);

        Assert.Equal(SubmissionResult.AlreadyKnown, second);
    }

    [Fact]
    public async Task Status_InstantSendLock_IsFinalAndMarksReservationSpent()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 10_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));
        var prepared = await f.Provider.PrepareAsync(batch);
        await f.Provider.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Pending, (await f.Provider.GetStatusAsync(prepared)).State);

        f.Ledger.InstantLock(prepared.TransactionId);
        var status = await f.Provider.GetStatusAsync(prepared);

        Assert.Equal(SettlementState.Final, status.State);
        Assert.Equal(0, status.Confirmations);
        Assert.True((await f.Store.FindAsync(batch.Id))!.IsSpent);
    }
}
