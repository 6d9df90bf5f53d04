namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// Thrown when raw bytes are well-formed RLP but not an acceptable signed transaction: an unsupported type byte,
/// the wrong number of fields, an address that is not 20 bytes, an invalid <c>v</c> or <c>yParity</c>, a signature
/// value out of range or high-S (EIP-2), or a signature from which no sender can be recovered.
/// </summary>
/// <remarks>
/// Structural RLP problems (truncation, trailing bytes, non-canonical lengths or integers) throw
/// <see cref="Rlp.RlpFormatException"/>; both derive from <see cref="FormatException"/>. Messages say what was
/// expected and what was found; a transaction carries no secrets.
/// </remarks>
public sealed class TransactionFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was found.</param>
    public TransactionFormatException(string message)
        : base(message)
    {
    }
}
