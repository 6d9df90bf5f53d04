using EnergySettlement.Chains;

namespace EnergySettlement;

/// <summary>The paying account cannot cover the payouts plus fees. The batch can succeed once the account is funded.</summary>
public sealed class InsufficientFundsException : TransactionRejectedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="account">The paying account.</param>
    /// <param name="message">What was needed and what was available, as far as known.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public InsufficientFundsException(ChainId chainId, SettlementAccount account, string message, Exception? innerException = null)
        : base(chainId, "insufficient funds", message, innerException)
    {
        Account = account;
    }

    /// <summary>Gets the paying account.</summary>
    public SettlementAccount Account { get; }
}
