using System.Numerics;
using CsCheck;

namespace EnergySettlement.Tests.Quantities;

/// <summary>Invariants of <see cref="Money"/> checked on random inputs. CsCheck prints the seed of a failing sample.</summary>
public sealed class MoneyPropertyTests
{
    private static readonly Gen<Int128> AnyInt128 = Gen.UInt128.Select(u => (Int128)u);

    private static readonly Gen<Int128> SmallOrLarge = Gen.OneOf(
        Gen.Long[-1_000_000, 1_000_000].Select(l => (Int128)l),
        Gen.Long.Select(l => (Int128)l),
        AnyInt128.Select(v => v / 1_000_000_000_000_000_000L));

    private static readonly Gen<RoundingMode> AnyMode = Gen.Enum<RoundingMode>();

    [Fact]
    public void Allocate_AnyAmountAndWeights_PartsSumToAmount() =>
        Gen.Select(SmallOrLarge, Gen.Long[0, 1_000_000_000].Array[1, 20])
            .Where(t => t.Item2.Any(w => w > 0))
            .Sample((amount, weights) =>
            {
                var parts = new Money[weights.Length];
                TestAssets.Units(amount).Allocate(weights, parts);
                Int128 sum = 0;
                foreach (var part in parts)
                {
                    sum += part.Amount;
                }

                return sum == amount;
            });

    [Fact]
    public void Allocate_AnyAmountAndWeights_EachPartWithinOneUnitOfItsExactShare() =>
        Gen.Select(SmallOrLarge, Gen.Long[0, 1_000_000_000].Array[1, 20])
            .Where(t => t.Item2.Any(w => w > 0))
            .Sample((amount, weights) =>
            {
                var parts = new Money[weights.Length];
                TestAssets.Units(amount).Allocate(weights, parts);
                var total = weights.Aggregate(BigInteger.Zero, (s, w) => s + w);
                for (var i = 0; i < weights.Length; i++)
                {
                    // |part − amount·w/total| < 1  ⇔  |part·total − amount·w| < total
                    var error = BigInteger.Abs(((BigInteger)parts[i].Amount * total) - ((BigInteger)amount * weights[i]));
                    if (error >= total || (weights[i] == 0 && parts[i].Amount != 0))
                    {
                        return false;
                    }
                }

                return true;
            });

    [Fact]
    public void Allocate_EqualWeights_PartsNeverIncreaseWithIndex() =>
        Gen.Select(Gen.Long[0, 1_000_000], Gen.Int[1, 30])
            .Sample((amount, count) =>
            {
                var parts = new Money[count];
                TestAssets.Units(amount).Allocate(Enumerable.Repeat(1L, count).ToArray(), parts);
                for (var i = 1; i < count; i++)
                {
                    if (parts[i].Amount > parts[i - 1].Amount || parts[0].Amount - parts[i].Amount > 1)
                    {
                        return false;
                    }
                }

                return true;
            });

    [Fact]
    public void ToString_ThenParse_AnyAmountAndDecimals_RoundTrips() =>
        Gen.Select(AnyInt128.Where(v => v != Int128.MinValue), Gen.Int[0, Asset.MaxDecimals])
            .Sample((amount, decimals) =>
            {
                var asset = new Asset(AssetId.Parse("eip155:1/slip44:60"), decimals, "T");
                var money = new Money(amount, asset);
                return Money.Parse(money.ToString(), asset) == money;
            },
            iter: 5_000);

    [Fact]
    public void ToString_ThenParse_AnyEnergy_RoundTrips() =>
        Gen.Long.Sample(wh => Energy.Parse(new Energy(wh).ToString()).WattHours == wh);

    [Fact]
    public void Divide_AnyInputs_MatchesBigIntegerReference() =>
        Gen.Select(Gen.OneOf(SmallOrLarge, AnyInt128.Where(v => v != Int128.MinValue)), Gen.OneOf(Gen.Long[-20, 20], Gen.Long), AnyMode)
            .Where(t => t.Item2 != 0)
            .Sample((amount, divisor, mode) =>
                (BigInteger)TestAssets.Units(amount).Divide(divisor, mode).Amount == ReferenceDivide(amount, divisor, mode),
                iter: 20_000);

    [Fact]
    public void MultiplyDivide_AnyInputs_MatchesBigIntegerReference() =>
        Gen.Select(Gen.Long, Gen.Long[-1_000_000, 1_000_000], Gen.Long[-1_000_000, 1_000_000].Where(d => d != 0), AnyMode)
            .Sample((amount, numerator, denominator, mode) =>
                (BigInteger)TestAssets.Units(amount).MultiplyDivide(numerator, denominator, mode).Amount ==
                ReferenceDivide((BigInteger)amount * numerator, denominator, mode),
                iter: 20_000);

    /// <summary>Rounds n/d with exact rational comparisons: floor first, then decide from the fractional part r/d in [0, 1).</summary>
    private static BigInteger ReferenceDivide(BigInteger n, BigInteger d, RoundingMode mode)
    {
        if (d < 0)
        {
            n = -n;
            d = -d;
        }

        var q = BigInteger.DivRem(n, d, out var r);
        if (r < 0)
        {
            q -= 1;
            r += d;
        }

        if (r == 0)
        {
            return q;
        }

        var exactIsNegative = n < 0;
        var twice = 2 * r;
        return mode switch
        {
            RoundingMode.Floor => q,
            RoundingMode.Ceiling => q + 1,
            RoundingMode.TowardZero => exactIsNegative ? q + 1 : q,
            RoundingMode.AwayFromZero => exactIsNegative ? q : q + 1,
            RoundingMode.HalfAwayFromZero => twice > d ? q + 1 : twice < d ? q : (exactIsNegative ? q : q + 1),
            RoundingMode.HalfToEven => twice > d ? q + 1 : twice < d ? q : (q.IsEven ? q : q + 1),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }
}
