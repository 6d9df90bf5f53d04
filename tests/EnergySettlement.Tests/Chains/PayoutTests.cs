using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

public sealed class PayoutTests
{
    [Fact]
    public void Constructor_Valid_KeepsValues()
    {
        var payout = new Payout(TestAssets.EthAccount(1), new Money(5, TestAssets.Ether), "obligation-7");
        Assert.Equal(TestAssets.EthAccount(1), payout.Payee);
        Assert.Equal(new Money(5, TestAssets.Ether), payout.Amount);
        Assert.Equal("obligation-7", payout.Reference);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NotPositive_Throws(long amount) =>
        Assert.Throws<ArgumentException>(() => new Payout(TestAssets.EthAccount(1), new Money(amount, TestAssets.Ether)));

    [Fact]
    public void Constructor_DefaultMoney_Throws() =>
        Assert.Throws<ArgumentException>(() => new Payout(TestAssets.EthAccount(1), default));

    [Fact]
    public void Constructor_ReferenceOf64_IsAccepted() =>
        Assert.Equal(64, new Payout(TestAssets.EthAccount(1), new Money(1, TestAssets.Ether), new string('r', 64)).Reference!.Length);

    [Fact]
    public void Constructor_ReferenceOf65_Throws() =>
        Assert.Throws<ArgumentException>(() => new Payout(TestAssets.EthAccount(1), new Money(1, TestAssets.Ether), new string('r', 65)));
}
