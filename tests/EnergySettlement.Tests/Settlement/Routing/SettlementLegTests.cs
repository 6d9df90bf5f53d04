using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Routing;

/// <summary>A leg's amounts: paid as quoted without a rate, converted (and the rate kept) with one.</summary>
public sealed class SettlementLegTests
{
    private static readonly SettlementWindowId Window = new("w-1");
    private static readonly ParticipantId Ann = new("ann");
    private static readonly ParticipantId Bob = new("bob");

    [Fact]
    public void Create_WithoutRate_PaysTheQuoteAmount()
    {
        var leg = new SettlementLeg(Window, Ann, Bob, TestAssets.EthAccount(1), TestAssets.EthAccount(2), TestAssets.Usd(700), TestAssets.Usd(700), null, [new ObligationId("o-1")], []);

        Assert.Equal((TestAssets.Usd(700), TestAssets.Usd(700), (ExchangeRate?)null), (leg.Amount, leg.QuoteAmount, leg.Rate));
        Assert.Equal([new ObligationId("o-1")], leg.Obligations);
    }

    [Fact]
    public void Create_WithoutRateButAnotherQuoteAmount_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new SettlementLeg(Window, Ann, Bob, TestAssets.EthAccount(1), TestAssets.EthAccount(2), TestAssets.Usd(700), TestAssets.Usd(701), null, [], []));

        Assert.Contains("Without an exchange rate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithRate_KeepsQuoteAmountAndRate()
    {
        var rate = new ExchangeRate(TestAssets.Usd(1_000_000), Money.Parse("0.0004", TestAssets.Ether), "feed", DateTimeOffset.UnixEpoch);
        var paid = Money.Parse("0.00028", TestAssets.Ether);

        var leg = new SettlementLeg(Window, Ann, Bob, TestAssets.EthAccount(1), TestAssets.EthAccount(2), paid, TestAssets.Usd(700_000), rate, [], []);

        Assert.Equal((paid, TestAssets.Usd(700_000), rate), (leg.Amount, leg.QuoteAmount, leg.Rate));
    }
}
