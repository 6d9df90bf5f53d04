using CsCheck;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Coins;
using EnergySettlement.Dash.Fees;

namespace EnergySettlement.Dash.Tests.Coins;

public sealed class CoinSelectorTests
{
    private static readonly FeeRate Rate = new(1000);

    internal static UnspentOutput Coin(long value, int n) => new()
    {
        OutPoint = new OutPoint(new ChainTransactionId(Hex.Encode(Sha256d.Hash(BitConverter.GetBytes(n)))), (uint)(n % 3)),
        Address = "yTest",
        Value = value,
        ScriptPubKey = new byte[25],
        Confirmations = 1,
    };

    internal static CoinSelectionRequest Request(long target, int payouts = 1, int maxInputs = 100) => new()
    {
        Target = target,
        OutputCount = payouts,
        OutputsSize = payouts * 34,
        InputSize = 149,
        ChangeOutputSize = 34,
        ChangeDustThreshold = 546,
        FeeRate = Rate,
        MaxInputs = maxInputs,
    };

    [Fact]
    public void TrySelect_OneCoinSuffices_PicksTheSmallestSufficientCoin()
    {
        UnspentOutput[] coins = [Coin(10_000, 1), Coin(1_000_000, 2), Coin(50_000, 3), Coin(40_100, 4)]; // 40,100 is short of the fee

        var selection = CoinSelector.TrySelect(coins, Request(40_000), out _)!;

        Assert.Equal([50_000L], selection.Coins.Select(c => c.Value));
    }

    [Fact]
    public void TrySelect_CoinCoversTargetAndFeeExactly_HasNoChange()
    {
        var request = Request(40_000);
        long exact = 40_000 + Rate.GetFee(request.TransactionSize(1, withChange: false));

        var selection = CoinSelector.TrySelect([Coin(exact, 1), Coin(exact * 10, 2)], request, out _)!;

        Assert.False(selection.HasChange);
        Assert.Equal(exact - 40_000, selection.Fee);
        Assert.Equal(request.TransactionSize(1, withChange: false), selection.EstimatedSize);
    }

    [Fact]
    public void TrySelect_LeftoverBelowTheCostOfChange_GoesToTheFee()
    {
        var request = Request(40_000);
        long feeWithout = Rate.GetFee(request.TransactionSize(1, withChange: false));
        long costOfChange = Rate.GetFee(request.TransactionSize(1, withChange: true)) - feeWithout + 546;
        long value = 40_000 + feeWithout + costOfChange - 1;

        var selection = CoinSelector.TrySelect([Coin(value, 1)], request, out _)!;

        Assert.Equal(0, selection.Change);
        Assert.Equal(value - 40_000, selection.Fee);
    }

    [Fact]
    public void TrySelect_LeftoverAtTheCostOfChange_MakesChangeOfAtLeastDust()
    {
        var request = Request(40_000);
        long feeWithout = Rate.GetFee(request.TransactionSize(1, withChange: false));
        long feeWith = Rate.GetFee(request.TransactionSize(1, withChange: true));
        long value = 40_000 + feeWith + 546;

        var selection = CoinSelector.TrySelect([Coin(value, 1)], request, out _)!;

        Assert.Equal(546, selection.Change);
        Assert.Equal(feeWith, selection.Fee);
        Assert.True(feeWith > feeWithout);
    }

    [Fact]
    public void TrySelect_TwoCoinsNeeded_FindsTheLeastExcessPairNotTheGreedyOne()
    {
        var request = Request(100_000);
        long fee = Rate.GetFee(request.TransactionSize(2, withChange: false));
        // Greedy (largest, then smallest that completes) takes 90k + 40k; 60k + 40k + fee is exact.
        UnspentOutput[] coins = [Coin(90_000, 1), Coin(60_000 + fee, 2), Coin(55_000, 3), Coin(40_000, 4)];

        var selection = CoinSelector.TrySelect(coins, request, out _)!;

        Assert.Equal([60_000 + fee, 40_000L], selection.Coins.Select(c => c.Value));
        Assert.False(selection.HasChange);
    }

    [Fact]
    public void TrySelect_NotEnoughMoney_ReturnsNullWithTheAmounts()
    {
        var selection = CoinSelector.TrySelect([Coin(10_000, 1), Coin(20_000, 2)], Request(40_000), out string? failure);

        Assert.Null(selection);
        Assert.Contains("30000", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySelect_NoCoins_ReturnsNullSayingSo()
    {
        Assert.Null(CoinSelector.TrySelect([], Request(1_000), out string? failure));
        Assert.Contains("no spendable coins", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySelect_EnoughMoneyInTooManySmallCoins_AsksToConsolidate()
    {
        var coins = Enumerable.Range(0, 300).Select(i => Coin(2_000, i)).ToArray();

        var selection = CoinSelector.TrySelect(coins, Request(190_000, maxInputs: 100), out string? failure); // about 103 coins of 1,851 net

        Assert.Null(selection);
        Assert.Contains("consolidate", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySelect_DuplicateAndWorthlessCoins_AreIgnored()
    {
        var coin = Coin(100_000, 1);

        var selection = CoinSelector.TrySelect([coin, coin, Coin(0, 2), Coin(-5, 3)], Request(150_000), out string? failure);

        Assert.Null(selection);
        Assert.Contains("the 100000 the payer's 1 spendable coin(s) hold", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySelect_TenThousandCoins_SelectsWithinTheSearchBudget()
    {
        var random = new Random(42);
        var coins = Enumerable.Range(0, 10_000).Select(i => Coin(random.NextInt64(1_000, 5_000_000), i)).ToArray();

        var selection = CoinSelector.TrySelect(coins, Request(12_345_678, payouts: 50), out _)!;

        Assert.Equal(3, selection.Coins.Count);
        Assert.Equal(selection.InputValue, selection.Coins.Sum(c => c.Value));
    }

    [Fact]
    public void TrySelect_AnyCandidates_KeepsTheInvariants()
    {
        Gen.Select(Gen.Long[1, 3_000_000].Array[0, 60], Gen.Long[1_000, 20_000_000], Gen.Int[1, 30], Gen.Int[1, 12], Gen.Long[1_000, 20_000])
            .Sample((values, target, payouts, maxInputs, rate) =>
            {
                var coins = values.Select((v, i) => Coin(v, i)).ToArray();
                var request = Request(target, payouts, maxInputs) with { FeeRate = new FeeRate(rate) };

                var selection = CoinSelector.TrySelect(coins, request, out string? failure);

                var sorted = values.OrderByDescending(v => v).ToArray();
                int fewest = Enumerable.Range(1, Math.Min(maxInputs, sorted.Length)).FirstOrDefault(k =>
                    sorted.Take(k).Sum() >= target + request.FeeRate.GetFee(request.TransactionSize(k, withChange: false)));
                if (selection is null)
                {
                    Assert.Equal(0, fewest);
                    Assert.NotNull(failure);
                    return;
                }

                Assert.Equal(fewest, selection.Coins.Count);
                Assert.Equal(selection.InputValue, selection.Coins.Sum(c => c.Value));
                Assert.Equal(selection.InputValue, target + selection.Fee + selection.Change);
                Assert.True(selection.Fee >= request.FeeRate.GetFee(selection.EstimatedSize), "the fee pays the rate on the estimated size");
                Assert.True(selection.Change == 0 || selection.Change >= 546, "change is never dust");
                Assert.Equal(selection.Coins.Count, selection.Coins.Select(c => c.OutPoint).Distinct().Count());
            });
    }

    [Fact]
    public void TrySelect_CandidatesInAnyOrder_SelectTheSameCoins()
    {
        Gen.Select(Gen.Long[1, 1_000_000].Array[1, 40], Gen.Long[1_000, 5_000_000], Gen.Int)
            .Sample((values, target, seed) =>
            {
                var coins = values.Select((v, i) => Coin(v, i)).ToArray();
                var shuffled = coins.ToArray();
                new Random(seed).Shuffle(shuffled);

                var first = CoinSelector.TrySelect(coins, Request(target), out _);
                var second = CoinSelector.TrySelect(shuffled, Request(target), out _);

                Assert.Equal(first?.Coins.Select(c => c.OutPoint), second?.Coins.Select(c => c.OutPoint));
                Assert.Equal(first?.Fee, second?.Fee);
            });
    }
}
