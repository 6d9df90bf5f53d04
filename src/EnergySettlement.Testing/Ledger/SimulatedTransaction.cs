using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>A decoded simulated-chain transaction: pays a batch's payouts from its payer, with a fee and a sequence.</summary>
/// <remarks>Immutable. <see cref="Id"/> is the SHA-256 of <see cref="Raw"/>, so equal content means equal id.</remarks>
internal sealed class SimulatedTransaction
{
    public SimulatedTransaction(
        SettlementBatchId batchId,
        SettlementAccount payer,
        Asset asset,
        IReadOnlyList<Payout> payouts,
        Money fee,
        ulong sequence,
        byte[] raw)
    {
        BatchId = batchId;
        Payer = payer;
        Asset = asset;
        Payouts = payouts;
        Fee = fee;
        Sequence = sequence;
        Raw = raw;
        Id = TransactionCodec.ComputeId(raw);
        var total = Money.Zero(asset);
        foreach (var payout in payouts)
        {
            total += payout.Amount;
        }

        Total = total;
    }

    public ChainTransactionId Id { get; }

    public SettlementBatchId BatchId { get; }

    public SettlementAccount Payer { get; }

    public Asset Asset { get; }

    public IReadOnlyList<Payout> Payouts { get; }

    /// <summary>Gets the fee, in the native coin: what the transaction pays when included.</summary>
    public Money Fee { get; }

    public ulong Sequence { get; }

    public byte[] Raw { get; }

    /// <summary>Gets the sum of the payouts, in <see cref="Asset"/>.</summary>
    public Money Total { get; }

    /// <summary>Gets the (payer, sequence) slot the transaction occupies: at most one transaction per slot is ever included.</summary>
    public (SettlementAccount Payer, ulong Sequence) Slot => (Payer, Sequence);

    public PreparedTransaction ToPrepared(ChainId chainId) => new()
    {
        BatchId = BatchId,
        ChainId = chainId,
        Payer = Payer,
        TransactionId = Id,
        RawTransaction = Raw,
        MaxFee = Fee,
        Sequence = Sequence,
    };
}
