using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Chains;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>docs/chain-adapters.md, step 2: the adapter. Derive, declare capabilities, implement four calls.</summary>
public sealed class CustodialLedgerProvider : ChainSettlementProvider
{
    private readonly ICustodialLedger _ledger;

    public CustodialLedgerProvider(ChainId chainId, Asset asset, ICustodialLedger ledger)
        : base(chainId)
    {
        _ledger = ledger;
        Capabilities = new ChainCapabilities
        {
            NativeAsset = asset,
            Assets = [asset],
            MaxPayoutsPerTransaction = 500,
            Finality = FinalityModel.Immediate,
            TypicalFee = Money.Zero(asset),
            TypicalTimeToFinality = TimeSpan.FromSeconds(1),
        };
    }

    public override ChainCapabilities Capabilities { get; }

    protected override Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        var fits = batch.Payouts.Count <= Capabilities.MaxPayoutsPerTransaction;
        return Task.FromResult(new FeeQuote
        {
            EstimatedFee = Money.Zero(Capabilities.NativeAsset),
            Fits = fits,
            Reason = fits ? null : $"at most {Capabilities.MaxPayoutsPerTransaction} payouts per transfer",
        });
    }

    protected override Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        // Deterministic: the same batch always gives the same bytes and id, so a recovered journal can compare.
        var text = new StringBuilder().Append(batch.Id.Value).Append('|').Append(batch.Payer.Address);
        foreach (var payout in batch.Payouts)
        {
            text.Append('|').Append(payout.Payee.Address).Append('=').Append(payout.Amount.Amount);
        }

        var raw = Encoding.UTF8.GetBytes(text.ToString());
        return Task.FromResult(new PreparedTransaction
        {
            BatchId = batch.Id,
            ChainId = ChainId,
            Payer = batch.Payer,
            TransactionId = new ChainTransactionId(Convert.ToHexStringLower(SHA256.HashData(raw))),
            RawTransaction = raw,
            MaxFee = Money.Zero(Capabilities.NativeAsset),
        });
    }

    protected override async Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        var parts = Encoding.UTF8.GetString(transaction.RawTransaction.Span).Split('|');
        var legs = parts[2..].Select(p => p.Split('=')).Select(kv => (kv[0], Int128.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        try
        {
            return await _ledger.PostAsync(transaction.TransactionId.Value, parts[1], legs, cancellationToken).ConfigureAwait(false)
                ? SubmissionResult.Accepted
                : SubmissionResult.AlreadyKnown;
        }
        catch (HttpRequestException ex)
        {
            // Map the client's failures onto the SDK's typed errors: unreachable is transient.
            throw new ChainUnavailableException(ChainId, "The custodial ledger did not answer.", ex);
        }
    }

    protected override async Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken) =>
        new()
        {
            TransactionId = transaction.TransactionId,
            State = await _ledger.IsPostedAsync(transaction.TransactionId.Value, cancellationToken).ConfigureAwait(false) ? SettlementState.Final : SettlementState.Unknown,
            Confirmations = 1,
        };

    protected override bool IsValidAddress(string address, out string reason)
    {
        reason = "custodial accounts are 'acct-' followed by digits";
        return address.StartsWith("acct-", StringComparison.Ordinal) && address.Length > 5 && address[5..].All(char.IsAsciiDigit);
    }
}
