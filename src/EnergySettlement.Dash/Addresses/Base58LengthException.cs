namespace EnergySettlement.Dash.Addresses;

/// <summary>Thrown when a Base58Check payload has the wrong length for what was expected (21 bytes for an address, 33 or 34
/// for a WIF key).</summary>
public sealed class Base58LengthException : Base58CheckFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and found (never the text itself).</param>
    /// <param name="actualLength">The payload length found, in bytes.</param>
    public Base58LengthException(string message, int actualLength)
        : base(message)
    {
        ActualLength = actualLength;
    }

    /// <summary>Gets the payload length found, in bytes (version byte included, checksum excluded).</summary>
    public int ActualLength { get; }
}
