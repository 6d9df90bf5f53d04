using CsCheck;
using EnergySettlement.Matching.Sharing;

namespace EnergySettlement.Matching.Tests.Sharing;

/// <summary>Money and energy invariants of every sharing rule over thousands of random communities.</summary>
public class SharingPropertyTests
{
    private static readonly Gen<(long[] Net, GridTariff Tariff)> Communities =
        Gen.Select(
            Gen.Long[-50_000, 50_000].Array[0, 30],
            Gen.Long[0, 400],
            Gen.Long[0, 400])
        .Select((net, a, b) => (net, new GridTariff(Math.Max(a, b), Math.Min(a, b))));

    public static TheoryData<string> Rules => new() { "sdr", "mmr", "bill-sharing" };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Share_RandomCommunities_PaidEqualsReceivedExactly(string name)
    {
        var rule = RuleNamed(name);
        Communities.Sample(c =>
        {
            var result = new SharingResult();
            rule.Share(c.Net, c.Tariff, result);

            Int128 sum = 0;
            Int128 paid = 0;
            Int128 received = 0;
            foreach (var a in result.Allocations)
            {
                sum += a.Amount;
                if (a.Amount < 0)
                {
                    paid -= a.Amount;
                }
                else
                {
                    received += a.Amount;
                }
            }

            Assert.Equal(Int128.Zero, sum + result.GridAmount);
            Assert.Equal(result.BuyerPayment, paid);
            Assert.Equal(result.SellerReceipt, received);
        }, iter: 3_000);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Share_RandomCommunities_EnergyIsConserved(string name)
    {
        var rule = RuleNamed(name);
        Communities.Sample(c =>
        {
            var result = new SharingResult();
            rule.Share(c.Net, c.Tariff, result);

            long buyersCommunity = 0, sellersCommunity = 0, imports = 0, exports = 0;
            foreach (var a in result.Allocations)
            {
                Assert.True(a.CommunityEnergy >= 0 && a.GridEnergy >= 0);
                Assert.Equal(Math.Abs(a.NetEnergy), a.CommunityEnergy + a.GridEnergy);
                if (a.NetEnergy < 0)
                {
                    buyersCommunity += a.CommunityEnergy;
                    imports += a.GridEnergy;
                }
                else
                {
                    sellersCommunity += a.CommunityEnergy;
                    exports += a.GridEnergy;
                }
            }

            Assert.Equal(Math.Min(result.TotalDemand, result.TotalSupply), buyersCommunity);
            Assert.Equal(buyersCommunity, sellersCommunity);
            Assert.Equal(result.GridImport, imports);
            Assert.Equal(result.GridExport, exports);
        }, iter: 2_000);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Share_RandomCommunities_NoBuyerPaysAboveRetail(string name)
    {
        // Zhou et al. 2018: internal buy prices never exceed the grid retail price (all three mechanisms).
        var rule = RuleNamed(name);
        Communities.Sample(c =>
        {
            var result = new SharingResult();
            rule.Share(c.Net, c.Tariff, result);
            foreach (var a in result.Allocations)
            {
                if (a.NetEnergy < 0)
                {
                    Assert.True(-a.Amount <= CeilingKwhMoney(c.Tariff.RetailPricePerKwh, -a.NetEnergy), a.ToString());
                }
                else
                {
                    Assert.True(a.Amount >= 0, a.ToString());
                }
            }
        }, iter: 3_000);
    }

    [Theory]
    [InlineData("sdr")]
    [InlineData("mmr")]
    public void Share_RandomCommunities_NoSellerReceivesBelowFeedIn(string name)
    {
        // SDR and MMR keep both internal prices within [feed-in, retail]; bill sharing does not (see the unit test).
        var rule = RuleNamed(name);
        Communities.Sample(c =>
        {
            var result = new SharingResult();
            rule.Share(c.Net, c.Tariff, result);
            foreach (var a in result.Allocations)
            {
                if (a.NetEnergy > 0)
                {
                    Assert.True(a.Amount >= c.Tariff.FeedInPricePerKwh * a.NetEnergy / 1_000, a.ToString()); // floor
                }
            }
        }, iter: 3_000);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Share_RandomCommunities_GridLegWithinTwoUnitsOfItsTariff(string name)
    {
        var rule = RuleNamed(name);
        Communities.Sample(c =>
        {
            var result = new SharingResult();
            rule.Share(c.Net, c.Tariff, result);
            var exact = ((decimal)c.Tariff.RetailPricePerKwh * result.GridImport - (decimal)c.Tariff.FeedInPricePerKwh * result.GridExport) / 1_000m;

            Assert.InRange((decimal)result.GridAmount, exact - 2m, exact);
        }, iter: 2_000);
    }

    private static SharingRule RuleNamed(string name) => name switch
    {
        "sdr" => SupplyDemandRatioSharingRule.Instance,
        "mmr" => MidMarketRateSharingRule.Instance,
        _ => BillSharingRule.Instance,
    };

    private static long CeilingKwhMoney(long pricePerKwh, long wh) => ((pricePerKwh * wh) + 999) / 1_000;
}
