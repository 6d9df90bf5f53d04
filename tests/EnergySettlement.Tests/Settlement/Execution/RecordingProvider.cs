using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>A provider decorator that logs every chain call into a shared event list ("chain:submit:tx…") before making it.</summary>
internal sealed class RecordingProvider(ChainSettlementProvider inner, List<string> events) : ChainSettlementProvider(inner.ChainId)
{
    public override ChainCapabilities Capabilities => inner.Capabilities;

    public override bool CanAccelerate => inner.CanAccelerate;

    public override bool CanPayFrom(SettlementAccount payer) => inner.CanPayFrom(payer);

    protected override Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        events.Add($"chain:quote:{batch.Id}");
        return inner.QuoteAsync(batch, cancellationToken);
    }

    protected override async Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        events.Add($"chain:prepare:{batch.Id}");
        var tx = await inner.PrepareAsync(batch, cancellationToken);
        events.Add($"chain:prepared:{batch.Id}:{tx.TransactionId}");
        return tx;
    }

    protected override Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        events.Add($"chain:submit:{transaction.BatchId}:{transaction.TransactionId}");
        return inner.SubmitAsync(transaction, cancellationToken);
    }

    protected override Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        events.Add($"chain:status:{transaction.BatchId}:{transaction.TransactionId}");
        return inner.GetStatusAsync(transaction, cancellationToken);
    }

    protected override async Task<Acceleration> AccelerateCoreAsync(PreparedTransaction stuck, CancellationToken cancellationToken)
    {
        events.Add($"chain:accelerate:{stuck.BatchId}:{stuck.TransactionId}");
        var acceleration = await inner.AccelerateAsync(stuck, cancellationToken);
        events.Add($"chain:accelerated:{stuck.BatchId}:{acceleration.Transaction.TransactionId}");
        return acceleration;
    }

    protected override Task ReleaseCoreAsync(PreparedTransaction dead, CancellationToken cancellationToken)
    {
        events.Add($"chain:release:{dead.BatchId}:{dead.TransactionId}");
        return inner.ReleaseAsync(dead, cancellationToken);
    }

    protected override bool IsValidAddress(string address, out string reason)
    {
        try
        {
            inner.ValidateAddress(SettlementAccount.Create(ChainId, address));
            reason = string.Empty;
            return true;
        }
        catch (InvalidAddressException ex)
        {
            reason = ex.Reason;
            return false;
        }
    }
}
