namespace EnergySettlement.Dash.Addresses;

/// <summary>Thrown when Base58 text's 4-byte checksum does not match its payload: usually a mistyped or truncated address or key.</summary>
public sealed class Base58ChecksumException : Base58CheckFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was checked (never the text itself).</param>
    public Base58ChecksumException(string message)
        : base(message)
    {
    }
}
