namespace EnergySettlement.Chains;

/// <summary>The algorithm an <see cref="ISigner"/> signs with.</summary>
/// <remarks>An extensible set (adapters may define more values with the string constructor);
/// equality is ordinal, case-insensitive. Immutable and thread-safe.</remarks>
public readonly struct SignatureAlgorithm : IEquatable<SignatureAlgorithm>
{
    private readonly string? _value;

    /// <summary>Creates a value.</summary>
    /// <param name="value">The lower-case name of the value.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public SignatureAlgorithm(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>ECDSA over secp256k1 (Ethereum, Dash, Bitcoin).</summary>
    public static SignatureAlgorithm Secp256k1 { get; } = new("secp256k1");

    /// <summary>ECDSA over NIST P-256 (secp256r1), as smart meters with DLMS/COSEM security suite 1 use.</summary>
    public static SignatureAlgorithm P256 { get; } = new("p256");

    /// <summary>Equality.</summary>
    public static bool operator ==(SignatureAlgorithm left, SignatureAlgorithm right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SignatureAlgorithm left, SignatureAlgorithm right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(SignatureAlgorithm other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SignatureAlgorithm other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the name of the value.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => _value ?? string.Empty;
}
