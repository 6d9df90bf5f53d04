using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

/// <summary>
/// A minimal adapter for contract tests: quotes a fixed fee, "prepares" a transaction whose bytes are the batch id, and
/// remembers what was submitted. With <paramref name="hexAddresses"/> it accepts only 0x-prefixed 40-hex-digit addresses;
/// with <paramref name="onlyPayer"/> it signs only for that account.
/// </summary>
internal sealed class RecordingChainProvider(ChainId chainId, Asset nativeAsset, bool hexAddresses = false, SettlementAccount? onlyPayer = null) : ChainSettlementProvider(chainId)
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

    /// <summary>Gets how many times an adapter core (quote or prepare) ran.</summary>
    public int CoreCalls { get; private set; }

    public override bool CanPayFrom(SettlementAccount payer) => base.CanPayFrom(payer) && (onlyPayer is null || onlyPayer == payer);

    protected override Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        CoreCalls++;
        var fits = batch.Payouts.Count <= Capabilities.MaxPayoutsPerTransaction;
        return Task.FromResult(new FeeQuote { EstimatedFee = Capabilities.TypicalFee, Fits = fits, Reason = fits ? null : "too many payouts" });
    }

    protected override Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        CoreCalls++;
        return Task.FromResult(new PreparedTransaction
        {
            BatchId = batch.Id,
            ChainId = ChainId,
            Payer = batch.Payer,
            TransactionId = new ChainTransactionId("tx" + batch.Id.Value.Replace("-", string.Empty, StringComparison.Ordinal)),
            RawTransaction = System.Text.Encoding.UTF8.GetBytes(batch.Id.Value),
            MaxFee = Capabilities.TypicalFee,
        });
    }

    protected override Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        var known = _submitted.Any(t => t.TransactionId == transaction.TransactionId);
        if (!known)
        {
            _submitted.Add(transaction);
        }

        return Task.FromResult(known ? SubmissionResult.AlreadyKnown : SubmissionResult.Accepted);
    }

    protected override Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken) =>
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
