namespace EnergySettlement.Chains;

/// <summary>How a chain makes a payment irreversible; declared in <see cref="ChainCapabilities"/> so the router can choose.</summary>
/// <remarks>An extensible set (adapters may define more values with the string constructor);
/// equality is ordinal, case-insensitive. Immutable and thread-safe.</remarks>
public readonly struct FinalityModel : IEquatable<FinalityModel>
{
    private readonly string? _value;

    /// <summary>Creates a value.</summary>
    /// <param name="value">The lower-case name of the value.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public FinalityModel(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A fixed number of blocks on top, re-checked by block hash (Ethereum without a finalized tag, Bitcoin-like chains).</summary>
    public static FinalityModel Confirmations { get; } = new("confirmations");

    /// <summary>The chain's own finality gadget (Ethereum's 'finalized' block tag).</summary>
    public static FinalityModel FinalizedTag { get; } = new("finalized-tag");

    /// <summary>A masternode quorum lock within seconds, then a chain lock (Dash InstantSend and ChainLocks).</summary>
    public static FinalityModel InstantLock { get; } = new("instant-lock");

    /// <summary>Final on inclusion (a simulated or proof-of-authority chain with instant finality).</summary>
    public static FinalityModel Immediate { get; } = new("immediate");

    /// <summary>Equality.</summary>
    public static bool operator ==(FinalityModel left, FinalityModel right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FinalityModel left, FinalityModel right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(FinalityModel other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FinalityModel other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the name of the value.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => _value ?? string.Empty;
}
