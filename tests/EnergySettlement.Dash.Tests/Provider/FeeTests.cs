using EnergySettlement.Dash.Fees;

namespace EnergySettlement.Dash.Tests.Provider;

public sealed class FeeTests
{
    private static async Task<long> FeeRateOfAsync(ProviderFixture f)
    {
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var prepared = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));
        return FeeRate.FromFee((long)prepared.MaxFee.Amount, prepared.RawTransaction.Length).PerKilobyte;
    }

    [Fact]
    public async Task Prepare_ByDefault_PaysTheRelayFloorOfOneDuffPerByteOrJustAbove()
    {
        using var f = new ProviderFixture();

        Assert.InRange(await FeeRateOfAsync(f), 1000, 1100);
    }

    [Fact]
    public async Task Prepare_WithoutEstimates_DoesNotAskTheBackend()
    {
        using var f = new ProviderFixture();
        f.Ledger.FeeEstimate = 50_000;

        Assert.InRange(await FeeRateOfAsync(f), 1000, 1100);
    }

    [Fact]
    public async Task Prepare_WithEstimates_PaysTheEstimate()
    {
        using var f = new ProviderFixture(o => o.FeeEstimateTargetBlocks = 2);
        f.Ledger.FeeEstimate = 4_000;

        Assert.InRange(await FeeRateOfAsync(f), 4_000, 4_400);
    }

    [Fact]
    public async Task Prepare_EstimateBelowTheFloor_PaysTheFloor()
    {
        using var f = new ProviderFixture(o => o.FeeEstimateTargetBlocks = 2);
        f.Ledger.FeeEstimate = 10;

        Assert.InRange(await FeeRateOfAsync(f), 1000, 1100);
    }

    [Fact]
    public async Task Prepare_NoEstimate_PaysTheFixedRate()
    {
        using var f = new ProviderFixture(o => { o.FeeEstimateTargetBlocks = 2; o.FeeRatePerKilobyte = 2_000; });
        f.Ledger.FeeEstimate = null;

        Assert.InRange(await FeeRateOfAsync(f), 2_000, 2_200);
    }

    [Fact]
    public async Task Prepare_EstimateAboveTheCap_PaysTheCap()
    {
        using var f = new ProviderFixture(o => { o.FeeEstimateTargetBlocks = 2; o.MaxFeeRatePerKilobyte = 3_000; });
        f.Ledger.FeeEstimate = 250_000;

        Assert.InRange(await FeeRateOfAsync(f), 3_000, 3_300);
    }

    [Theory]
    [InlineData(1000, 226, 226)]
    [InlineData(1000, 1, 1)]
    [InlineData(1500, 3, 5)]
    [InlineData(0, 500, 0)]
    public void GetFee_RoundsUp(long rate, long bytes, long fee) => Assert.Equal(fee, new FeeRate(rate).GetFee(bytes));
}
