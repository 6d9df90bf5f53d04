using EnergySettlement.Chains;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash.Tests.Provider;

public sealed class QuoteAndLimitsTests
{
    [Fact]
    public async Task Quote_FundedPayer_IsTheFeeAPreparationPays()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000), (ProviderFixture.Payee(2), 200_000));

        var quote = await f.Provider.QuoteAsync(batch);
        var prepared = await f.Provider.PrepareAsync(batch);

        Assert.True(quote.Fits);
        Assert.Equal(prepared.MaxFee, quote.EstimatedFee);
    }

    [Fact]
    public async Task Quote_UnfundedPayer_IsTheUsualCostAndFits()
    {
        using var f = new ProviderFixture();

        var quote = await f.Provider.QuoteAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        Assert.True(quote.Fits);
        Assert.True(quote.EstimatedFee.Amount > 0);
    }

    [Fact]
    public async Task QuoteAndPrepare_PayoutBelowDust_DoNotFitAndSayWhy()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 545));

        var quote = await f.Provider.QuoteAsync(batch);

        Assert.False(quote.Fits);
        Assert.Contains("dust threshold of 546", quote.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => f.Provider.PrepareAsync(batch));
    }

    [Fact]
    public async Task Prepare_PayoutAtTheDustThreshold_IsAccepted()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);

        var prepared = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 546)));

        Assert.Equal(SubmissionResult.Accepted, await f.Provider.SubmitAsync(prepared));
    }

    [Fact]
    public async Task Quote_MorePayoutsThanFit_DoesNotFit()
    {
        using var f = new ProviderFixture(o => o.MaxPayoutsPerTransaction = 2);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 1_000), (ProviderFixture.Payee(2), 1_000), (ProviderFixture.Payee(3), 1_000));

        var quote = await f.Provider.QuoteAsync(batch);

        Assert.False(quote.Fits);
        Assert.Contains("at most 2", quote.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_PayoutToThePayerItself_IsRefused()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => f.Provider.PrepareAsync(f.Batch(f.AccountA, (f.AddressA, 10_000))));

        Assert.Contains("its own payer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_PayerThisProviderCannotSignFor_ThrowsArgumentException()
    {
        using var f = new ProviderFixture();

        await Assert.ThrowsAsync<ArgumentException>(() => f.Provider.PrepareAsync(f.Batch(f.Account(ProviderFixture.Payee(5)), (ProviderFixture.Payee(1), 10_000))));
    }

    [Fact]
    public async Task Prepare_PayeeOnMainnet_ThrowsInvalidAddress()
    {
        using var f = new ProviderFixture();
        var mainnet = Dash.Addresses.UtxoAddress.FromPublicKey(TestKeys.Key(77).PublicKey.ToCompressed(), DashNetworks.Mainnet).ToString();
        var batch = new SettlementBatch(new SettlementBatchId("b"), f.AccountA, f.Dash, [new Payout(SettlementAccount.Create(f.Network.ChainId, mainnet), f.Duffs(10_000))]);

        await Assert.ThrowsAsync<InvalidAddressException>(() => f.Provider.PrepareAsync(batch));
    }

    [Fact]
    public async Task Prepare_P2shPayee_IsPaid()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var p2sh = Dash.Addresses.UtxoAddress.FromRedeemScript([0x51], f.Network);

        var prepared = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (p2sh, 100_000)));

        Assert.Equal(p2sh.GetScriptPubKey(), f.Ledger.TransactionOf(prepared).Outputs[0].ScriptPubKey.ToArray());
    }

    [Fact]
    public void Capabilities_Dash_AreTheNetworksAndTheOptions()
    {
        using var f = new ProviderFixture();

        var capabilities = f.Provider.Capabilities;

        Assert.Equal(f.Dash, capabilities.NativeAsset);
        Assert.Equal([f.Dash], capabilities.Assets);
        Assert.Equal(80, capabilities.MaxMemoBytes);
        Assert.Equal(FinalityModel.InstantLock, capabilities.Finality);
        Assert.Equal(6, capabilities.ConfirmationsForFinality);
        Assert.Equal(TimeSpan.FromSeconds(2), capabilities.TypicalTimeToFinality);
        Assert.Equal(2498, capabilities.MaxPayoutsPerTransaction);
    }

    [Fact]
    public async Task Prepare_MaxPayoutsFromTheStandardSize_StaysBelowTheLimitAndIsAccepted()
    {
        using var f = new ProviderFixture();
        int payouts = f.Provider.Capabilities.MaxPayoutsPerTransaction;
        for (int i = 0; i < 100; i++)
        {
            f.Ledger.Fund(f.AddressA, 14_000_000);
        }

        // Payouts that need all 100 inputs: the largest transaction the limits allow.
        var batch = new SettlementBatch(new SettlementBatchId("largest"), f.AccountA, f.Dash,
            Enumerable.Range(0, payouts).Select(i => new Payout(f.Account(ProviderFixture.Payee(i)), f.Duffs(560_000))));

        var prepared = await f.Provider.PrepareAsync(batch);

        Assert.Equal(100, f.Ledger.TransactionOf(prepared).Inputs.Count);
        Assert.InRange(prepared.RawTransaction.Length, 90_000, f.Network.MaxStandardTransactionSize - 1);
        Assert.Equal(SubmissionResult.Accepted, await f.Provider.SubmitAsync(prepared));
    }

    [Fact]
    public async Task Prepare_LongBatchId_CarriesItsSha256InTheMemo()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        string id = new('a', 100);

        var prepared = await f.Provider.PrepareAsync(f.Batch(id, f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        var memo = f.Ledger.TransactionOf(prepared).Outputs.Single(o => o.IsNullData).ScriptPubKey.ToArray();
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(id)), memo[2..]);
    }

    [Fact]
    public async Task Balance_IsTheSumOfUnspentOutputs()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressB, 1_000_000);
        f.Ledger.Fund(f.AddressB, 234_567, confirmations: 0);

        var balance = await f.Provider.GetBalanceAsync(f.AccountB, f.Dash);

        Assert.True(f.Provider.CanQueryBalance);
        Assert.Equal(f.Duffs(1_234_567), balance);
    }
}
