namespace EnergySettlement.Matching.Tests.Grid;

public class ZoneNetworkTests
{
    [Fact]
    public void Build_Defaults_NoFeesAndNoLimits()
    {
        ZoneNetwork network = new ZoneNetworkBuilder(3).Build();
        Assert.Equal(3, network.ZoneCount);
        Assert.False(network.HasNetworkFees);
        Assert.False(network.HasTransferLimits);
        Assert.Equal(0, network.GetNetworkFee(0, 2));
        Assert.Equal(ZoneNetwork.Unlimited, network.GetTransferLimit(2, 0));
    }

    [Fact]
    public void Build_SettersBothWays_SetEachDirection()
    {
        ZoneNetwork network = new ZoneNetworkBuilder(2).SetNetworkFeeBothWays(0, 1, 7).SetTransferLimit(1, 0, 500).Build();
        Assert.Equal((7L, 7L), (network.GetNetworkFee(0, 1), network.GetNetworkFee(1, 0)));
        Assert.Equal((ZoneNetwork.Unlimited, 500L), (network.GetTransferLimit(0, 1), network.GetTransferLimit(1, 0)));
        Assert.True(network.HasNetworkFees);
        Assert.True(network.HasTransferLimits);
    }

    [Fact]
    public void Build_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var builder = new ZoneNetworkBuilder(2)
            .SetNetworkFee(0, 1, -1)
            .SetNetworkFee(0, 5, 1)
            .SetTransferLimit(1, 1, 10)
            .SetTransferLimit(1, 0, -3)
            .SetNetworkFee(1, 0, ZoneNetwork.MaxNetworkFee + 1);
        var e = Assert.Throws<ArgumentException>(builder.Build);
        Assert.Contains("zones 0 → 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("zone 1 to itself", e.Message, StringComparison.Ordinal);
        Assert.Contains("from zone 0 to zone 1 must be between 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("from zone 1 to zone 0 must be between 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("must not be negative; found -3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadMatrices_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ZoneNetwork.Create(2, new long[3], new long[4]));
        Assert.Throws<ArgumentException>(() => ZoneNetwork.Create(2, [1, 0, 0, 0], [ZoneNetwork.Unlimited, 5, 5, ZoneNetwork.Unlimited])); // fee inside zone 0
        Assert.Throws<ArgumentException>(() => ZoneNetwork.Create(0, [], []));
        Assert.Throws<ArgumentException>(() => ZoneNetwork.Create(ZoneNetwork.MaxZones + 1, [], []));
    }

    [Fact]
    public void Constructor_ZoneCountOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZoneNetworkBuilder(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZoneNetworkBuilder(ZoneNetwork.MaxZones + 1));
    }

    [Fact]
    public void GetNetworkFee_ZoneOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ZoneNetwork.SingleZone.GetNetworkFee(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZoneNetwork.SingleZone.GetTransferLimit(-1, 0));
    }
}
