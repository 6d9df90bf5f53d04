namespace EnergySettlement.Chains;

/// <summary>Where a prepared transaction stands on its chain; see <see cref="SettlementStatus"/>.</summary>
/// <remarks>An extensible set (adapters may define more values with the string constructor);
/// equality is ordinal, case-insensitive. Immutable and thread-safe.</remarks>
public readonly struct SettlementState : IEquatable<SettlementState>
{
    private readonly string? _value;

    /// <summary>Creates a value.</summary>
    /// <param name="value">The lower-case name of the value.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public SettlementState(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Accepted by the node or mempool, not yet in a block.</summary>
    public static SettlementState Pending { get; } = new("pending");

    /// <summary>In a block, with fewer confirmations than the chain's finality rule asks for.</summary>
    public static SettlementState Included { get; } = new("included");

    /// <summary>Final under the chain's finality rule: will not be reversed. Receipts can be issued.</summary>
    public static SettlementState Final { get; } = new("final");

    /// <summary>No longer known to the node and not in the chain: may be re-sent with the same bytes.</summary>
    public static SettlementState Dropped { get; } = new("dropped");

    /// <summary>Will never be included as it is: replaced, double-spent, or reorged out with its inputs spent elsewhere.</summary>
    public static SettlementState Conflicted { get; } = new("conflicted");

    /// <summary>Included in a block but failed there (for example a contract revert): nothing was paid, the fee was spent,
    /// and the account's sequence number is used. Fix the cause, then prepare the batch again.</summary>
    public static SettlementState Failed { get; } = new("failed");

    /// <summary>Never seen by the node (for example not yet submitted).</summary>
    public static SettlementState Unknown { get; } = new("unknown");

    /// <summary>Equality.</summary>
    public static bool operator ==(SettlementState left, SettlementState right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SettlementState left, SettlementState right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(SettlementState other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SettlementState other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the name of the value.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => _value ?? string.Empty;
}
