using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Fees;

/// <summary>
/// Turns fee history into EIP-1559 fields under the configured cap, and computes replacement fees: both fields raised by at
/// least 12.5 % rounding up (geth asks 10 %, other clients 12.5 %), never above the cap.
/// </summary>
internal static class FeePolicy
{
    /// <summary>Computes fee fields: tip = max(percentile tip, floor); max fee = multiplier × next base fee + tip, capped.</summary>
    /// <exception cref="FeeCapExceededException">Even next base fee + tip is above the cap.</exception>
    public static FeeEstimate FromHistory(ChainId chainId, EthereumOptions options, UInt256 nextBaseFee, IReadOnlyList<UInt256> recentTips)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recentTips);
        var tip = Median(recentTips);
        tip = UInt256.Max(tip, options.MinPriorityFeePerGas);
        var needed = nextBaseFee + tip;
        var cap = (UInt256)options.MaxFeePerGasCap;
        if (needed > cap)
        {
            throw new FeeCapExceededException(
                chainId,
                needed.ToString(),
                options.MaxFeePerGasCap,
                $"The next block on {chainId} needs at least {Gwei(needed)} gwei per gas (base fee {Gwei(nextBaseFee)} + tip {Gwei(tip)}), above the cap of {Gwei(cap)} gwei (EthereumOptions.MaxFeePerGasCap). Nothing was signed.");
        }

        var maxFee = (nextBaseFee * (ulong)options.BaseFeeMultiplier) + tip;
        return new FeeEstimate(UInt256.Min(maxFee, cap), tip, nextBaseFee);
    }

    /// <summary>Legacy pricing: the node's gas price, at least the tip floor; refused above the cap.</summary>
    /// <exception cref="FeeCapExceededException">The gas price is above the cap.</exception>
    public static FeeEstimate FromGasPrice(ChainId chainId, EthereumOptions options, UInt256 gasPrice)
    {
        ArgumentNullException.ThrowIfNull(options);
        var price = UInt256.Max(gasPrice, options.MinPriorityFeePerGas);
        if (price > (UInt256)options.MaxFeePerGasCap)
        {
            throw new FeeCapExceededException(
                chainId,
                price.ToString(),
                options.MaxFeePerGasCap,
                $"The gas price on {chainId} is {Gwei(price)} gwei, above the cap of {Gwei(options.MaxFeePerGasCap)} gwei (EthereumOptions.MaxFeePerGasCap). Nothing was signed.");
        }

        return new FeeEstimate(price, price, UInt256.Zero);
    }

    /// <summary>Raises a fee by 12.5 %, rounding up: value + ceil(value / 8). Zero becomes one.</summary>
    public static UInt256 Bump(UInt256 value)
    {
        if (value.IsZero)
        {
            return UInt256.One;
        }

        var eighth = UInt256.DivRem(value, 8UL, out var remainder);
        return value + eighth + (remainder.IsZero ? UInt256.Zero : UInt256.One);
    }

    /// <summary>Replacement fees: each field at least <see cref="Bump"/> of the old, at least the current estimate, at most the cap.</summary>
    /// <exception cref="FeeCapExceededException">The bumped max fee is above the cap.</exception>
    public static FeeEstimate Replacement(ChainId chainId, EthereumOptions options, UInt256 oldMaxFee, UInt256 oldTip, FeeEstimate current)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cap = (UInt256)options.MaxFeePerGasCap;
        var minMax = Bump(oldMaxFee);
        var minTip = Bump(oldTip);
        if (minMax > cap)
        {
            throw new FeeCapExceededException(
                chainId,
                minMax.ToString(),
                options.MaxFeePerGasCap,
                $"Replacing a transaction on {chainId} needs a max fee of at least {Gwei(minMax)} gwei per gas (+12.5 % over {Gwei(oldMaxFee)}), above the cap of {Gwei(cap)} gwei. Nothing was signed.");
        }

        var maxFee = UInt256.Max(minMax, UInt256.Min(current.MaxFeePerGas, cap));
        var tip = UInt256.Max(minTip, current.MaxPriorityFeePerGas);
        tip = UInt256.Min(tip, maxFee);
        return new FeeEstimate(maxFee, tip, current.NextBaseFeePerGas);
    }

    /// <summary>Formats wei per gas as gwei with up to 9 decimals.</summary>
    public static string Gwei(UInt256 wei)
    {
        var whole = UInt256.DivRem(wei, 1_000_000_000UL, out var fraction);
        if (fraction.IsZero)
        {
            return whole.ToString();
        }

        var digits = ((ulong)fraction).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{whole}.{digits}";
    }

    private static UInt256 Median(IReadOnlyList<UInt256> values)
    {
        if (values.Count == 0)
        {
            return UInt256.Zero;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);

        // The lower median: the offered tip never exceeds what half the recent blocks paid.
        return sorted[(sorted.Length - 1) / 2];
    }
}
