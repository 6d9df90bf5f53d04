namespace EnergySettlement.Dash.Addresses;

/// <summary>
/// Thrown when text is not a valid Base58Check address or WIF key for the expected network. This base type covers text
/// that is not Base58 at all or whose payload is malformed; the subtypes name the errors callers tell apart:
/// <see cref="Base58ChecksumException"/> (a typo), <see cref="Base58LengthException"/> (not an address or key of this
/// kind) and <see cref="WrongNetworkException"/> (valid, but for another network or another kind).
/// </summary>
/// <remarks>Messages never repeat the text: a WIF key is a secret.</remarks>
public class Base58CheckFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was found (never the text itself).</param>
    public Base58CheckFormatException(string message)
        : base(message)
    {
    }
}
