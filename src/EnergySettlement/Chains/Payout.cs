namespace EnergySettlement.Chains;

/// <summary>One leg of a <see cref="SettlementBatch"/>: pay <see cref="Amount"/> to <see cref="Payee"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Payout
{
    /// <summary>Creates a payout.</summary>
    /// <param name="payee">The receiving account.</param>
    /// <param name="amount">The amount; must be positive.</param>
    /// <param name="reference">The settlement reference carried on chain where the chain can (an obligation id); at most 64 characters.</param>
    /// <exception cref="ArgumentException">The amount is not positive or the reference is too long.</exception>
    public Payout(SettlementAccount payee, Money amount, string? reference = null)
    {
        if (amount.Amount <= 0)
        {
            throw new ArgumentException($"A payout must be positive; found {amount}.", nameof(amount));
        }

        if (reference is { Length: > 64 })
        {
            throw new ArgumentException($"A payout reference has at most 64 characters; found {reference.Length}.", nameof(reference));
        }

        Payee = payee;
        Amount = amount;
        Reference = reference;
    }

    /// <summary>Gets the receiving account.</summary>
    public SettlementAccount Payee { get; }

    /// <summary>Gets the amount paid, in the asset's smallest unit.</summary>
    public Money Amount { get; }

    /// <summary>Gets the settlement reference, if any.</summary>
    public string? Reference { get; }
}
