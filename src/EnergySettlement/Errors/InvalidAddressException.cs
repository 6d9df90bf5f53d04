using EnergySettlement.Chains;

namespace EnergySettlement;

/// <summary>Thrown when an account address is syntactically valid CAIP-10 but not a valid address on its chain.</summary>
public sealed class InvalidAddressException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="account">The account whose address was rejected.</param>
    /// <param name="reason">Why the chain's adapter rejected it (for example a bad checksum).</param>
    public InvalidAddressException(SettlementAccount account, string reason)
        : base($"The address '{account.Address}' is not valid on chain '{account.ChainId}': {reason}")
    {
        Account = account;
        Reason = reason;
    }

    /// <summary>Gets the account whose address was rejected.</summary>
    public SettlementAccount Account { get; }

    /// <summary>Gets why the adapter rejected the address.</summary>
    public string Reason { get; }
}
