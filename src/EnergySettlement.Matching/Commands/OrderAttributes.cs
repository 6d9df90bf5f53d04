using System.Globalization;

namespace EnergySettlement.Matching;

/// <summary>
/// The 32-bit attribute word every order carries: its participant's grid zone, what the order is (attribute flags, for
/// example renewable origin or community member) and what it demands of its counterparty (requirement flags).
/// </summary>
/// <remarks>
/// <para>Layout of <see cref="Value"/>: bits 0–7 the zone (0–255), bits 8–19 the 12 attribute flags, bits 20–31 the
/// 12 requirement flags. Flag meanings are the host's (the engine only compares bits); flag <c>i</c> is the value
/// <c>1 &lt;&lt; i</c> in <see cref="Flags"/> and in <see cref="Requirements"/>.</para>
/// <para>Two orders are compatible — and only compatible orders ever trade — when each one's requirement flags are all
/// among the other one's attribute flags (<see cref="IsCompatibleWith"/>). An order without requirement flags accepts
/// any counterparty; an order without attribute flags is accepted by every counterparty that requires nothing.</para>
/// <para>A book accepts zones below its <see cref="ZoneNetwork.ZoneCount"/> (only zone 0 without a network); a
/// call-auction book accepts no requirement flags (a pooled auction has no bilateral counterparty to check them
/// against). The default value is zone 0 with no flags. Immutable and thread-safe.</para>
/// </remarks>
public readonly struct OrderAttributes : IEquatable<OrderAttributes>
{
    /// <summary>The highest zone the word can hold (a book's network may hold fewer: at most <see cref="ZoneNetwork.MaxZones"/>).</summary>
    public const int MaxZone = 255;

    /// <summary>The number of attribute flags and of requirement flags.</summary>
    public const int FlagCount = 12;

    /// <summary>The mask of all <see cref="FlagCount"/> flags (<c>0xFFF</c>).</summary>
    public const int AllFlags = (1 << FlagCount) - 1;

    private const int FlagShift = 8;
    private const int RequirementShift = 20;

    private readonly int _value;

    /// <summary>Creates an attribute word.</summary>
    /// <param name="zone">The participant's grid zone, 0 to <see cref="MaxZone"/>.</param>
    /// <param name="flags">What the order is: a combination of flags within <see cref="AllFlags"/>.</param>
    /// <param name="requirements">The flags the counterparty must carry, within <see cref="AllFlags"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value does not fit its field.</exception>
    public OrderAttributes(int zone, int flags, int requirements)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zone);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, MaxZone);
        if ((flags & ~AllFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(flags), flags, $"Attribute flags must lie within 0x{AllFlags:X}.");
        }

        if ((requirements & ~AllFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requirements), requirements, $"Requirement flags must lie within 0x{AllFlags:X}.");
        }

        _value = zone | (flags << FlagShift) | (requirements << RequirementShift);
    }

    private OrderAttributes(int value) => _value = value;

    /// <summary>Gets zone 0 without flags: the attributes of every order in a market without zones or flags.</summary>
    public static OrderAttributes None => default;

    /// <summary>Gets the zone, 0 to <see cref="MaxZone"/>.</summary>
    public int Zone => _value & MaxZone;

    /// <summary>Gets the attribute flags: what the order is (for example renewable origin).</summary>
    public int Flags => (_value >> FlagShift) & AllFlags;

    /// <summary>Gets the requirement flags: what the counterparty must be.</summary>
    public int Requirements => (int)((uint)_value >> RequirementShift);

    /// <summary>Gets the raw 32-bit word (the form kept in commands, resting orders, events and snapshots).</summary>
    public int Value => _value;

    /// <summary>Reads a raw word; every 32-bit value is a valid word.</summary>
    /// <param name="value">The raw word (see the layout in the remarks).</param>
    /// <returns>The attributes.</returns>
    public static OrderAttributes FromValue(int value) => new(value);

    /// <summary>Creates the attributes of an order from a zone, without flags.</summary>
    /// <param name="zone">The zone, 0 to <see cref="MaxZone"/>.</param>
    /// <returns>The attributes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="zone"/> does not fit.</exception>
    public static OrderAttributes InZone(int zone) => new(zone, 0, 0);

    /// <summary>Returns a copy with another zone.</summary>
    /// <param name="zone">The zone, 0 to <see cref="MaxZone"/>.</param>
    /// <returns>The new attributes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="zone"/> does not fit.</exception>
    public OrderAttributes WithZone(int zone) => new(zone, Flags, Requirements);

    /// <summary>Returns a copy with other attribute flags.</summary>
    /// <param name="flags">The attribute flags, within <see cref="AllFlags"/>.</param>
    /// <returns>The new attributes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flags"/> does not fit.</exception>
    public OrderAttributes WithFlags(int flags) => new(Zone, flags, Requirements);

    /// <summary>Returns a copy with other requirement flags.</summary>
    /// <param name="requirements">The requirement flags, within <see cref="AllFlags"/>.</param>
    /// <returns>The new attributes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requirements"/> does not fit.</exception>
    public OrderAttributes WithRequirements(int requirements) => new(Zone, Flags, requirements);

    /// <summary>
    /// Gets whether an order with these attributes may trade with an order with <paramref name="other"/>: each one's
    /// requirement flags are all among the other one's attribute flags. Zones do not matter here (the grid decides).
    /// </summary>
    /// <param name="other">The counterparty's attributes.</param>
    /// <returns><see langword="true"/> when both orders accept each other.</returns>
    public bool IsCompatibleWith(OrderAttributes other) => AreCompatible(_value, other._value);

    /// <inheritdoc/>
    public bool Equals(OrderAttributes other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OrderAttributes other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value;

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"zone {Zone}, flags 0x{Flags:X3}, requires 0x{Requirements:X3}");

    /// <summary>Compares two attribute words.</summary>
    /// <param name="left">The first word.</param>
    /// <param name="right">The second word.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(OrderAttributes left, OrderAttributes right) => left.Equals(right);

    /// <summary>Compares two attribute words.</summary>
    /// <param name="left">The first word.</param>
    /// <param name="right">The second word.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(OrderAttributes left, OrderAttributes right) => !left.Equals(right);

    /// <summary>
    /// The compatibility test on raw words, as the matching loop uses it: shifting a word's requirement bits (20–31)
    /// right by 12 lines them up with the attribute bits (8–19) of the other; a requirement bit the other lacks fails.
    /// </summary>
    internal static bool AreCompatible(int a, int b)
    {
        const uint FlagMask = (uint)AllFlags << FlagShift;
        uint aMissing = ((uint)a >> (RequirementShift - FlagShift)) & ~(uint)b;
        uint bMissing = ((uint)b >> (RequirementShift - FlagShift)) & ~(uint)a;
        return ((aMissing | bMissing) & FlagMask) == 0;
    }

    /// <summary>Whether a raw word carries requirement flags.</summary>
    internal static bool HasRequirements(int value) => (uint)value >> RequirementShift != 0;
}
