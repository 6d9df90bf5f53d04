using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

public sealed class SettlementBatchTests
{
    private static readonly SettlementBatchId BatchId = new("batch-1");

    private static Payout Pay(int account, long wei) => new(TestAssets.EthAccount(account), new Money(wei, TestAssets.Ether));

    [Fact]
    public void Constructor_Valid_KeepsPayoutsInOrderAndSumsTotal()
    {
        var batch = new SettlementBatch(BatchId, TestAssets.EthAccount(0), TestAssets.Ether, [Pay(2, 30), Pay(1, 12)]);
        Assert.Equal(TestAssets.Ethereum, batch.ChainId);
        Assert.Equal([TestAssets.EthAccount(2), TestAssets.EthAccount(1)], batch.Payouts.Select(p => p.Payee));
        Assert.Equal(new Money(42, TestAssets.Ether), batch.Total);
    }

    [Fact]
    public void Constructor_NoPayouts_Throws() =>
        Assert.Throws<ArgumentException>(() => new SettlementBatch(BatchId, TestAssets.EthAccount(0), TestAssets.Ether, []));

    [Fact]
    public void Constructor_DefaultId_Throws() =>
        Assert.Throws<ArgumentException>(() => new SettlementBatch(default, TestAssets.EthAccount(0), TestAssets.Ether, [Pay(1, 1)]));

    [Fact]
    public void Constructor_PayeeOnOtherChain_Throws()
    {
        var dashPayee = new Payout(SettlementAccount.Create(TestAssets.Dash, "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F"), new Money(1, TestAssets.Ether));
        Assert.Throws<ArgumentException>(() => new SettlementBatch(BatchId, TestAssets.EthAccount(0), TestAssets.Ether, [Pay(1, 1), dashPayee]));
    }

    [Fact]
    public void Constructor_PayoutInOtherAsset_Throws() =>
        Assert.Throws<ArgumentException>(() => new SettlementBatch(
            BatchId, TestAssets.EthAccount(0), TestAssets.Ether, [Pay(1, 1), new Payout(TestAssets.EthAccount(2), TestAssets.Usd(1))]));

    [Fact]
    public void Constructor_AssetOfOtherChain_Throws() =>
        Assert.Throws<ArgumentException>(() => new SettlementBatch(
            BatchId, TestAssets.EthAccount(0), TestAssets.DashCoin, [new Payout(TestAssets.EthAccount(1), new Money(1, TestAssets.DashCoin))]));

    [Fact]
    public void Constructor_NullPayout_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new SettlementBatch(BatchId, TestAssets.EthAccount(0), TestAssets.Ether, [Pay(1, 1), null!]));

    [Fact]
    public void Constructor_CopiesPayouts()
    {
        var payouts = new List<Payout> { Pay(1, 1) };
        var batch = new SettlementBatch(BatchId, TestAssets.EthAccount(0), TestAssets.Ether, payouts);
        payouts.Add(Pay(2, 2));
        Assert.Single(batch.Payouts);
    }

    [Fact]
    public void Total_Overflow_Throws()
    {
        var batch = new SettlementBatch(BatchId, TestAssets.EthAccount(0), TestAssets.Ether,
            [new Payout(TestAssets.EthAccount(1), new Money(Int128.MaxValue, TestAssets.Ether)), Pay(2, 1)]);
        Assert.Throws<OverflowException>(() => batch.Total);
    }
}
