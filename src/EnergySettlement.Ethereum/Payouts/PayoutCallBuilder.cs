using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Payouts;

/// <summary>
/// Builds the <c>BatchSettlement</c> call for a batch: <c>settleNative</c> with the total as value for ether,
/// <c>settleToken</c> (transferFrom the payer, who has approved the contract) for an ERC-20.
/// </summary>
internal static class PayoutCallBuilder
{
    /// <summary>Gas the quote assumes when the node cannot estimate: the call, plus per payout (a transfer to a fresh account and a log).</summary>
    public const ulong BaseGas = 60_000;

    public const ulong NativeGasPerPayout = 45_000;

    public const ulong TokenGasPerPayout = 65_000;

    /// <summary>Most UTF-8 bytes of one payout's settlement reference carried on chain.</summary>
    public const int MaxReferenceBytes = 256;

    public static PayoutCall Build(SettlementBatch batch, EthereumAddress contract, EthereumAddress? token)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var payees = new EthereumAddress[batch.Payouts.Count];
        var amounts = new UInt256[batch.Payouts.Count];
        var references = new string[batch.Payouts.Count];
        var total = UInt256.Zero;
        for (var i = 0; i < payees.Length; i++)
        {
            var payout = batch.Payouts[i];
            payees[i] = EthereumAddress.Parse(payout.Payee.Address);
            amounts[i] = ToUInt256(payout.Amount);
            references[i] = payout.Reference ?? string.Empty;
            total += amounts[i];
        }

        if (token is { } t)
        {
            return new PayoutCall(contract, UInt256.Zero, BatchSettlementContract.EncodeSettleToken(batch.Id, t, payees, amounts, references), BaseGas + (TokenGasPerPayout * (ulong)payees.Length));
        }

        return new PayoutCall(contract, total, BatchSettlementContract.EncodeSettleNative(batch.Id, payees, amounts, references), BaseGas + (NativeGasPerPayout * (ulong)payees.Length));
    }

    /// <summary>Why a batch does not fit one transaction, or <see langword="null"/> when it fits.</summary>
    public static string? WhyNotFit(SettlementBatch batch, int maxPayouts)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Payouts.Count > maxPayouts)
        {
            return $"The batch has {batch.Payouts.Count} payouts; one transaction carries at most {maxPayouts} (EthereumOptions.MaxPayoutsPerTransaction).";
        }

        foreach (var payout in batch.Payouts)
        {
            if (payout.Reference is { } reference && Encoding.UTF8.GetByteCount(reference) > MaxReferenceBytes)
            {
                return $"The reference of the payout to {payout.Payee} has more than {MaxReferenceBytes} UTF-8 bytes.";
            }
        }

        return null;
    }

    /// <summary>A positive amount in the smallest unit as a uint256.</summary>
    public static UInt256 ToUInt256(Money amount)
    {
        if (amount.Amount < 0)
        {
            throw new ArgumentException($"A chain amount cannot be negative; found {amount}.", nameof(amount));
        }

        return (UInt256)(UInt128)amount.Amount;
    }

    /// <summary>A uint256 as an amount in the smallest unit.</summary>
    /// <exception cref="OverflowException">The value does not fit <see cref="Int128"/>.</exception>
    public static Money ToMoney(UInt256 value, Asset asset)
    {
        var wide = (UInt128)value;
        if (wide > (UInt128)Int128.MaxValue)
        {
            throw new OverflowException($"The amount {value} does not fit a Money (Int128).");
        }

        return new Money((Int128)wide, asset);
    }
}
