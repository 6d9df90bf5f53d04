namespace EnergySettlement.Chains;

/// <summary>
/// The idempotency key of a <see cref="SettlementBatch"/>: made by the client and stored before anything is sent, so a
/// retry carries the same key and a chain adapter (or an on-chain contract) can refuse to pay the same batch twice.
/// </summary>
/// <remarks>1 to 128 characters of <c>[A-Za-z0-9._:@-]</c>. Immutable; equality is ordinal. Thread-safe.</remarks>
public readonly record struct SettlementBatchId
{
    private readonly string? _value;

    /// <summary>Creates the id.</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException">The text is empty, too long, or has characters outside <c>[A-Za-z0-9._:@-]</c>.</exception>
    public SettlementBatchId(string value) => _value = Identifier.Validate(value, "settlement batch id", nameof(value));

    /// <summary>Gets the id text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;
}
