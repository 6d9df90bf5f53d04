using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

/// <summary>
/// A minimal adapter for contract tests: quotes a fixed fee, "prepares" a transaction whose bytes are the batch id, and
/// remembers what was submitted. With <paramref name="hexAddresses"/> it accepts only 0x-prefixed 40-hex-digit addresses.
/// </summary>
internal sealed class RecordingChainProvider(ChainId chainId, Asset nativeAsset, bool hexAddresses = false) : ChainSettlementProvider(chainId)
{
    private readonly List<PreparedTransaction> _submitted = [];

    public override ChainCapabilities Capabilities { get; } = new()
    {
        NativeAsset = nativeAsset,
        Assets = [nativeAsset],
        MaxPayoutsPerTransaction = 2,
        Finality = FinalityModel.Immediate,
        TypicalFee = new Money(1, nativeAsset),
        TypicalTimeToFinality = TimeSpan.FromSeconds(1),
    };

    public IReadOnlyList<PreparedTransaction> Submitted => _submitted;

    public override Task<FeeQuote> QuoteAsync(SettlementBatch batch, CancellationToken cancellationToken = default)
    {
        EnsureSupported(batch);
        var fits = batch.Payouts.Count <= Capabilities.MaxPayoutsPerTransaction;
        return Task.FromResult(new FeeQuote { EstimatedFee = Capabilities.TypicalFee, Fits = fits, Reason = fits ? null : "too many payouts" });
    }

    public override Task<PreparedTransaction> PrepareAsync(SettlementBatch batch, CancellationToken cancellationToken = default)
    {
        EnsureSupported(batch);
        return Task.FromResult(new PreparedTransaction
        {
            BatchId = batch.Id,
            ChainId = ChainId,
            TransactionId = new ChainTransactionId("tx" + batch.Id.Value.Replace("-", string.Empty, StringComparison.Ordinal)),
            RawTransaction = System.Text.Encoding.UTF8.GetBytes(batch.Id.Value),
            MaxFee = Capabilities.TypicalFee,
        });
    }

    public override Task<SubmissionResult> SubmitAsync(PreparedTransaction transaction, CancellationToken cancellationToken = default)
    {
        var known = _submitted.Any(t => t.TransactionId == transaction.TransactionId);
        if (!known)
        {
            _submitted.Add(transaction);
        }

        return Task.FromResult(known ? SubmissionResult.AlreadyKnown : SubmissionResult.Accepted);
    }

    public override Task<SettlementStatus> GetStatusAsync(PreparedTransaction transaction, CancellationToken cancellationToken = default) =>
        Task.FromResult(new SettlementStatus
        {
            State = _submitted.Any(t => t.TransactionId == transaction.TransactionId) ? SettlementState.Final : SettlementState.Unknown,
            TransactionId = transaction.TransactionId,
        });

    protected override bool IsValidAddress(string address, out string reason)
    {
        if (!hexAddresses || (address.Length == 42 && address.StartsWith("0x", StringComparison.Ordinal) && address[2..].All(char.IsAsciiHexDigit)))
        {
            reason = string.Empty;
            return true;
        }

        reason = "expected 0x followed by 40 hex digits";
        return false;
    }
}
