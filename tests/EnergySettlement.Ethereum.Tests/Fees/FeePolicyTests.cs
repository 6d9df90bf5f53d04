using CsCheck;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Fees;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Tests.Fees;

public sealed class FeePolicyTests
{
    private static readonly ChainId Chain = ChainId.Parse("eip155:1");

    [Theory]
    [InlineData(0UL, 1UL)]
    [InlineData(1UL, 2UL)]
    [InlineData(8UL, 9UL)]
    [InlineData(9UL, 11UL)]
    [InlineData(1_000_000_000UL, 1_125_000_000UL)]
    [InlineData(1_000_000_001UL, 1_125_000_002UL)]
    public void Bump_Value_RaisesByAnEighthRoundingUp(ulong value, ulong expected) =>
        Assert.Equal((UInt256)expected, FeePolicy.Bump(value));

    [Fact]
    public void Bump_AnyValue_IsAtLeastTwelveAndAHalfPercentHigher()
    {
        Gen.ULong[0, ulong.MaxValue / 16].Sample(v =>
        {
            var bumped = FeePolicy.Bump(v);
            Assert.True(bumped * 8UL >= (UInt256)v * 9UL);
            Assert.True(bumped <= (UInt256)v + ((UInt256)v / 8UL) + UInt256.One);
        });
    }

    [Fact]
    public void FromHistory_MedianTipAndDoubledBaseFee_UnderTheCap()
    {
        var options = new EthereumOptions { MinPriorityFeePerGas = 1, MaxFeePerGasCap = 1_000 };
        var estimate = FeePolicy.FromHistory(Chain, options, 100UL, [(UInt256)5UL, (UInt256)1UL, (UInt256)9UL]);
        Assert.Equal((UInt256)5UL, estimate.MaxPriorityFeePerGas);
        Assert.Equal((UInt256)205UL, estimate.MaxFeePerGas);
    }

    [Fact]
    public void FromHistory_HeadroomAboveCap_IsClampedToCap()
    {
        var options = new EthereumOptions { MinPriorityFeePerGas = 1, MaxFeePerGasCap = 150 };
        var estimate = FeePolicy.FromHistory(Chain, options, 100UL, [(UInt256)5UL]);
        Assert.Equal((UInt256)150UL, estimate.MaxFeePerGas);
    }

    [Fact]
    public void FromHistory_BaseFeePlusTipAboveCap_IsRefused()
    {
        var options = new EthereumOptions { MinPriorityFeePerGas = 1, MaxFeePerGasCap = 100 };
        var ex = Assert.Throws<FeeCapExceededException>(() => FeePolicy.FromHistory(Chain, options, 100UL, [(UInt256)5UL]));
        Assert.Equal("105", ex.RequiredMaxFeePerGas);
    }

    [Fact]
    public void Replacement_BumpAboveCap_IsRefused()
    {
        var options = new EthereumOptions { MinPriorityFeePerGas = 1, MaxFeePerGasCap = 100 };
        Assert.Throws<FeeCapExceededException>(() => FeePolicy.Replacement(Chain, options, 95UL, 2UL, new FeeEstimate(50UL, 1UL, 20UL)));
    }

    [Fact]
    public void Replacement_CurrentEstimateHigherThanBump_UsesTheEstimate()
    {
        var options = new EthereumOptions { MinPriorityFeePerGas = 1, MaxFeePerGasCap = 10_000 };
        var fees = FeePolicy.Replacement(Chain, options, 100UL, 10UL, new FeeEstimate(500UL, 20UL, 240UL));
        Assert.Equal((UInt256)500UL, fees.MaxFeePerGas);
        Assert.Equal((UInt256)20UL, fees.MaxPriorityFeePerGas);
    }

    [Fact]
    public void FromGasPrice_AboveCap_IsRefusedAndBelowFloor_IsRaised()
    {
        var options = new EthereumOptions { MinPriorityFeePerGas = 10, MaxFeePerGasCap = 100 };
        Assert.Equal((UInt256)10UL, FeePolicy.FromGasPrice(Chain, options, 3UL).MaxFeePerGas);
        Assert.Equal((UInt256)60UL, FeePolicy.FromGasPrice(Chain, options, 60UL).MaxFeePerGas);
        Assert.Throws<FeeCapExceededException>(() => FeePolicy.FromGasPrice(Chain, options, 101UL));
    }
}
