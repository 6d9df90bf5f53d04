namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// Thrown when an external signer (<see cref="EnergySettlement.Chains.ISigner"/>) returns a signature that cannot sign
/// an Ethereum transaction: r or s out of range, a signature that does not match the signer's public key, or one
/// whose recovery id Ethereum cannot express.
/// </summary>
/// <remarks>Not transient: asking the same signer again for the same digest normally gives the same answer.</remarks>
public sealed class TransactionSigningException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was found. Never key material.</param>
    public TransactionSigningException(string message)
        : base(message)
    {
    }
}
