using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace EnergySettlement.Settlement;

/// <summary>
/// The id of an <see cref="Obligation"/>, derived from its content (<c>ob-</c> and 32 hex digits of a SHA-256 over every
/// field), so the same obligation planned twice has the same id and a journal stores it once.
/// </summary>
/// <remarks>
/// <para>1 to 128 characters of <c>[A-Za-z0-9._:@-]</c>. Immutable; equality is ordinal on the text. Thread-safe.</para>
/// <para>An id of the content-derived form (<c>ob-</c> and 32 lower-case hex digits) is kept as its 16 bytes, not as a
/// string: a large plan makes a million of them, and the text is written only when <see cref="Value"/> asks for it. Any
/// other text is kept as it is. Either way, equal texts are equal ids.</para>
/// </remarks>
public readonly struct ObligationId : IEquatable<ObligationId>
{
    private const string Prefix = "ob-";
    private const int DigestBytes = 16;
    private const int DigestTextLength = 3 + (2 * DigestBytes);

    // Exactly one form is used for a given text: _text for any other text, (_high, _low) for the content-derived form
    // (never both zero: the all-zero digest is kept as text, so that default stays distinguishable).
    private readonly string? _text;
    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Creates the id from its text (as read back from a journal).</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException">The text is empty, too long, or has characters outside <c>[A-Za-z0-9._:@-]</c>.</exception>
    public ObligationId(string value)
    {
        Identifier.Validate(value, "obligation id", nameof(value));
        if (TryParseDigest(value, out var high, out var low))
        {
            _high = high;
            _low = low;
        }
        else
        {
            _text = value;
        }
    }

    private ObligationId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Gets the id text (written anew on each call for a content-derived id).</summary>
    public string Value => _text ?? (IsDigest ? Format() : string.Empty);

    private bool IsDigest => (_high | _low) != 0;

    /// <summary>Compares two ids by their text.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether their texts are equal.</returns>
    public static bool operator ==(ObligationId left, ObligationId right) => left.Equals(right);

    /// <summary>Compares two ids by their text.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether their texts differ.</returns>
    public static bool operator !=(ObligationId left, ObligationId right) => !left.Equals(right);

    /// <summary>Compares with another id by text.</summary>
    /// <param name="other">The other id.</param>
    /// <returns>Whether the texts are equal.</returns>
    public bool Equals(ObligationId other) => _high == other._high && _low == other._low && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ObligationId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _text is { } text ? StringComparer.Ordinal.GetHashCode(text) : (_high ^ _low).GetHashCode();

    /// <summary>Returns the id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;

    /// <summary>Writes the id text into <paramref name="destination"/>, which must hold <see cref="Value"/>'s length.</summary>
    /// <param name="destination">Where to write.</param>
    /// <returns>The number of characters written.</returns>
    internal int Write(Span<char> destination)
    {
        if (_text is { } text)
        {
            text.AsSpan().CopyTo(destination);
            return text.Length;
        }

        if (!IsDigest)
        {
            return 0;
        }

        Prefix.AsSpan().CopyTo(destination);
        Span<byte> digest = stackalloc byte[DigestBytes];
        BinaryPrimitives.WriteUInt64BigEndian(digest, _high);
        BinaryPrimitives.WriteUInt64BigEndian(digest[8..], _low);
        ContentHash.WriteLowerHex(digest, destination[Prefix.Length..]);
        return DigestTextLength;
    }

    /// <summary>Gets the length of the id text without writing it.</summary>
    internal int Length => _text?.Length ?? (IsDigest ? DigestTextLength : 0);

    /// <summary>Makes the id <c>ob-</c> + the first 16 bytes of <paramref name="digest"/> in lower-case hex without
    /// building the text.</summary>
    /// <param name="digest">A SHA-256 digest (at least 16 bytes).</param>
    /// <returns>The id.</returns>
    internal static ObligationId FromDigest(ReadOnlySpan<byte> digest)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(digest);
        var low = BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        return (high | low) != 0 ? new ObligationId(high, low) : new ObligationId(Prefix + new string('0', 2 * DigestBytes));
    }

    private string Format() => string.Create(DigestTextLength, this, static (text, id) => id.Write(text));

    private static bool TryParseDigest(string text, out ulong high, out ulong low)
    {
        high = low = 0;
        if (text.Length != DigestTextLength || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[DigestBytes];
        if (!ContentHash.TryReadLowerHex(text.AsSpan(Prefix.Length), digest))
        {
            return false;
        }

        high = BinaryPrimitives.ReadUInt64BigEndian(digest);
        low = BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        return (high | low) != 0;
    }
}
