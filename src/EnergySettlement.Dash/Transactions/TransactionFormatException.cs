namespace EnergySettlement.Dash.Transactions;

/// <summary>
/// Thrown when bytes are not a transaction the UTXO core can read: truncated, trailing bytes, a count or length beyond
/// what the data holds, a non-canonical CompactSize, or an extra payload where DIP-2 allows none.
/// </summary>
/// <remarks>The message says what was expected, what was found, and at which byte offset. A transaction holds no secrets.</remarks>
public sealed class TransactionFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was found.</param>
    public TransactionFormatException(string message)
        : base(message)
    {
    }
}
