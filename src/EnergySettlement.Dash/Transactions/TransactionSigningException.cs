namespace EnergySettlement.Dash.Transactions;

/// <summary>
/// Thrown when a signer (<see cref="EnergySettlement.Chains.ISigner"/>) cannot sign a transaction input: it is not a
/// secp256k1 signer, its public key is not a valid SEC 1 key, or its signature has r or s out of range or does not verify
/// against its public key for the input's signature hash.
/// </summary>
/// <remarks>Not transient: asking the same signer again for the same digest normally gives the same answer. Nothing is
/// broadcast when it is thrown.</remarks>
public sealed class TransactionSigningException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was found. Never key material.</param>
    public TransactionSigningException(string message)
        : base(message)
    {
    }
}
