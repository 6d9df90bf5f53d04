using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Fees;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Payouts;

/// <summary>
/// Builds the batch-settlement call for a batch. Version 1: <c>settleNative</c> with the total as value for ether,
/// <c>settleToken</c> (transferFrom the payer per payout) for an ERC-20, references on chain. Version 2: the same two
/// functions (or their <c>WithReferences</c> forms) with packed payout words, the batch number and the batch's
/// <see cref="BatchCommitment"/>.
/// </summary>
internal static class PayoutCallBuilder
{
    /// <summary>Most UTF-8 bytes of one payout's settlement reference carried on chain.</summary>
    public const int MaxReferenceBytes = 256;

    /// <summary>Builds the call.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="target">The contract and how it is used.</param>
    /// <param name="token">The token, or <see langword="null"/> for ether.</param>
    /// <param name="batchNumber">Version 2: the batch number whose once-only bit the batch sets (ignored by version 1).</param>
    public static PayoutCall Build(SettlementBatch batch, SettlementTarget target, EthereumAddress? token, UInt256 batchNumber)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(target);
        var count = batch.Payouts.Count;
        var payees = new EthereumAddress[count];
        var amounts = new UInt256[count];
        var references = new string[count];
        var total = UInt256.Zero;
        for (var i = 0; i < count; i++)
        {
            var payout = batch.Payouts[i];
            payees[i] = EthereumAddress.Parse(payout.Payee.Address);
            amounts[i] = ToUInt256(payout.Amount);
            references[i] = payout.Reference ?? string.Empty;
            total += amounts[i];
        }

        var referencesOnChain = target.Version == BatchSettlementVersion.V1 || target.PublishReferences;
        var fallbackGas = SettlementGas.Estimate(target.Version, token is not null, referencesOnChain, count);
        if (target.Version == BatchSettlementVersion.V1)
        {
            return token is { } t1
                ? new PayoutCall(target.Contract, UInt256.Zero, BatchSettlementContract.EncodeSettleToken(batch.Id, t1, payees, amounts, references), fallbackGas)
                : new PayoutCall(target.Contract, total, BatchSettlementContract.EncodeSettleNative(batch.Id, payees, amounts, references), fallbackGas);
        }

        var words = new UInt256[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = BatchSettlementV2Contract.PackPayout(payees[i], amounts[i]);
        }

        var batchKey = CommitmentHashing.BatchKey(batch.Id).ToArray();
        var commitment = BatchCommitment.Compute(batch);
        var published = target.PublishReferences ? references : null;
        return token is { } t2
            ? new PayoutCall(target.Contract, UInt256.Zero, BatchSettlementV2Contract.EncodeSettleToken(batchNumber, batchKey, commitment, t2, total, words, published), fallbackGas)
            : new PayoutCall(target.Contract, total, BatchSettlementV2Contract.EncodeSettleNative(batchNumber, batchKey, commitment, words, published), fallbackGas);
    }

    /// <summary>Why a batch does not fit one transaction of this contract version, or <see langword="null"/> when it fits.</summary>
    public static string? WhyNotFit(SettlementBatch batch, int maxPayouts, BatchSettlementVersion version, bool publishReferences)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Payouts.Count > maxPayouts)
        {
            return $"The batch has {batch.Payouts.Count} payouts; one transaction carries at most {maxPayouts} (ChainCapabilities.MaxPayoutsPerTransaction: the block gas limit's share, or EthereumOptions.MaxPayoutsPerTransaction).";
        }

        foreach (var payout in batch.Payouts)
        {
            if ((version != BatchSettlementVersion.V2 || publishReferences) && payout.Reference is { } reference && Encoding.UTF8.GetByteCount(reference) > MaxReferenceBytes)
            {
                return $"The reference of the payout to {payout.Payee} has more than {MaxReferenceBytes} UTF-8 bytes.";
            }

            if (version != BatchSettlementVersion.V1 && payout.Amount.Amount >= 0 && ToUInt256(payout.Amount) > BatchSettlementV2Contract.MaxAmount)
            {
                return $"The payout to {payout.Payee} of {payout.Amount} is above 2^96 - 1 smallest units, the most one BatchSettlementV2 payout word carries; split it, or pay it through version 1.";
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
