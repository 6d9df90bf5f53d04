using System.Diagnostics.CodeAnalysis;

namespace EnergySettlement.Chains;

/// <summary>
/// A blockchain, named as a CAIP-2 chain id: <c>namespace:reference</c>, for example <c>eip155:1</c> (Ethereum
/// mainnet) or <c>bip122:00000ffd590b1485b3caadc19b22e637</c> (Dash mainnet).
/// </summary>
/// <remarks>Immutable; equality is ordinal on the text. Thread-safe.</remarks>
public readonly struct ChainId : IEquatable<ChainId>, IComparable<ChainId>
{
    private readonly string? _value;

    private ChainId(string value) => _value = value;

    /// <summary>Gets the namespace part (for example <c>eip155</c> or <c>bip122</c>).</summary>
    public string Namespace => Value[..Value.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>Gets the reference part (for example <c>1</c>).</summary>
    public string Reference => Value[(Value.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private string Value => _value ?? throw new InvalidOperationException("This ChainId is the default value and names no chain.");

    /// <summary>Equality.</summary>
    public static bool operator ==(ChainId left, ChainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ChainId left, ChainId right) => !left.Equals(right);

    /// <summary>Ordinal ordering by text.</summary>
    public static bool operator <(ChainId left, ChainId right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal ordering by text.</summary>
    public static bool operator >(ChainId left, ChainId right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal ordering by text.</summary>
    public static bool operator <=(ChainId left, ChainId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal ordering by text.</summary>
    public static bool operator >=(ChainId left, ChainId right) => left.CompareTo(right) >= 0;

    /// <summary>Parses a CAIP-2 chain id.</summary>
    /// <param name="text">The text, such as <c>eip155:1</c>.</param>
    /// <returns>The chain id.</returns>
    /// <exception cref="FormatException">The text is not <c>namespace:reference</c> with namespace
    /// <c>[-a-z0-9]{3,8}</c> and reference <c>[-_a-zA-Z0-9]{1,32}</c>.</exception>
    public static ChainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id)
            ? id
            : throw new FormatException($"'{text}' is not a CAIP-2 chain id: expected 'namespace:reference' with namespace [-a-z0-9]{{3,8}} and reference [-_a-zA-Z0-9]{{1,32}}, e.g. 'eip155:1'.");
    }

    /// <summary>Tries to parse a CAIP-2 chain id.</summary>
    /// <param name="text">The text.</param>
    /// <param name="chainId">The chain id, when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is a valid CAIP-2 chain id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ChainId chainId)
    {
        chainId = default;
        if (text is null)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Caip.IsNamespace(text.AsSpan(0, colon)) || !Caip.IsChainReference(text.AsSpan(colon + 1)))
        {
            return false;
        }

        chainId = new ChainId(text);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ChainId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChainId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc />
    public int CompareTo(ChainId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Returns the CAIP-2 text, or an empty string for the default value.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value ?? string.Empty;
}
