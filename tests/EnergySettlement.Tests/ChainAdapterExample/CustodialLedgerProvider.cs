using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Chains;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>The adapter: declare capabilities, implement four cores. The base class checks every batch first.</summary>
public sealed class CustodialLedgerProvider(ChainId chainId, Asset asset, ICustodialLedger ledger) : ChainSettlementProvider(chainId)
{
    public override ChainCapabilities Capabilities { get; } = new()
    {
        NativeAsset = asset,
        Assets = [asset],
        MaxPayoutsPerTransaction = 500,
        Finality = FinalityModel.Immediate,
        TypicalFee = Money.Zero(asset),
        TypicalTimeToFinality = TimeSpan.FromSeconds(1),
    };

    protected override Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(batch.Payouts.Count <= Capabilities.MaxPayoutsPerTransaction
            ? new FeeQuote { EstimatedFee = Money.Zero(asset), Fits = true }
            : new FeeQuote { EstimatedFee = Money.Zero(asset), Fits = false, Reason = "at most 500 payouts per transfer" });

    protected override Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        // Deterministic: the same batch gives the same bytes and id, so a journal replayed after a crash can compare.
        var text = new StringBuilder(batch.Id.Value).Append('|').Append(batch.Payer.Address);
        foreach (var payout in batch.Payouts)
        {
            text.Append('|').Append(payout.Payee.Address).Append('=').Append(payout.Amount.Amount.ToString(CultureInfo.InvariantCulture));
        }

        byte[] raw = Encoding.UTF8.GetBytes(text.ToString());
        return Task.FromResult(new PreparedTransaction
        {
            BatchId = batch.Id,
            ChainId = ChainId,
            Payer = batch.Payer,
            TransactionId = new ChainTransactionId(Convert.ToHexString(SHA256.HashData(raw))),
            RawTransaction = raw,
            MaxFee = Money.Zero(Capabilities.NativeAsset),
        });
    }

    protected override async Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        string[] parts = Encoding.UTF8.GetString(transaction.RawTransaction.Span).Split('|');
        var legs = parts[2..].Select(p => p.Split('=')).Select(kv => (kv[0], Int128.Parse(kv[1], CultureInfo.InvariantCulture))).ToArray();
        return await CallAsync(() => ledger.PostAsync(transaction.TransactionId.Value, parts[1], legs, cancellationToken)).ConfigureAwait(false) switch
        {
            "posted" => SubmissionResult.Accepted,
            "duplicate" => SubmissionResult.AlreadyKnown, // a repeated submission is success
            "insufficient-funds" => throw new InsufficientFundsException(ChainId, transaction.Payer, $"{transaction.Payer} cannot cover batch {transaction.BatchId}."),
            var other => throw new TransactionRejectedException(ChainId, other, $"The ledger refused {transaction.TransactionId}: {other}."),
        };
    }

    protected override async Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken) =>
        await CallAsync(() => ledger.IsPostedAsync(transaction.TransactionId.Value, cancellationToken)).ConfigureAwait(false)
            ? new SettlementStatus { TransactionId = transaction.TransactionId, State = SettlementState.Final, Confirmations = 1 }
            : new SettlementStatus { TransactionId = transaction.TransactionId, State = SettlementState.Unknown };

    protected override bool IsValidAddress(string address, out string reason)
    {
        reason = "custodial accounts are 'acct-' followed by digits";
        return address.StartsWith("acct-", StringComparison.Ordinal) && address.Length > 5 && address[5..].All(char.IsAsciiDigit);
    }

    // Map the client's failures onto the SDK's typed errors: unreachable is transient (retry later).
    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ChainUnavailableException(ChainId, "The custodial ledger did not answer.", ex);
        }
    }
}
