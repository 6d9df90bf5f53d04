namespace EnergySettlement.Ethereum.Rlp;

/// <summary>
/// Thrown when bytes are not a canonical RLP encoding of the expected shape: truncated, with trailing bytes,
/// with a length written in a longer form than needed, an integer with leading zero bytes, a single byte below
/// 0x80 wrapped in a string header, or an item of the wrong kind (a list where a string was expected, or the
/// reverse).
/// </summary>
/// <remarks>
/// Canonical encodings are required because two different byte strings for the same value would give two
/// transaction hashes for one transaction. The message names the rule broken and the byte offset; it never
/// contains secret material (RLP carries none).
/// </remarks>
public sealed class RlpFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="offset">The offset, in bytes from the start of the decoded input, where the problem was found.</param>
    public RlpFormatException(string message, int offset)
        : base($"{message} (at byte offset {offset})")
    {
        Offset = offset;
    }

    /// <summary>Gets the offset, in bytes from the start of the decoded input, where the problem was found.</summary>
    public int Offset { get; }
}
