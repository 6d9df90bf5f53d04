namespace EnergySettlement.Chains;

/// <summary>
/// A transaction's id as its chain shows it (a <c>0x</c>-prefixed hash on Ethereum, a byte-reversed hex txid on Dash).
/// </summary>
/// <remarks>Immutable; equality is ordinal on the text. Thread-safe.</remarks>
public readonly record struct ChainTransactionId
{
    private static readonly System.Buffers.SearchValues<char> AlphaNumeric =
        System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private readonly string? _value;

    /// <summary>Creates the id.</summary>
    /// <param name="value">The id as the chain writes it: 1 to 128 characters of <c>[A-Za-z0-9]</c> with an optional <c>0x</c> prefix.</param>
    /// <exception cref="ArgumentException">The text is empty, too long, or not alphanumeric.</exception>
    public ChainTransactionId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = value.StartsWith("0x", StringComparison.Ordinal) ? value.AsSpan(2) : value.AsSpan();
        if (body.Length is 0 or > 128 || body.ContainsAnyExcept(AlphaNumeric))
        {
            throw new ArgumentException($"'{value}' is not a transaction id: expected 1 to 128 letters or digits, optionally prefixed with 0x.", nameof(value));
        }

        _value = value;
    }

    /// <summary>Gets the id text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;
}
