using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace EnergySettlement.Ethereum.Numerics;

/// <summary>
/// An unsigned 256-bit integer: the width of Ethereum's amounts (wei), fee fields and storage words.
/// </summary>
/// <remarks>
/// <para>Arithmetic is always checked: <c>+</c>, <c>-</c> and <c>*</c> throw <see cref="OverflowException"/>
/// when the exact result does not fit in 256 bits (or would be negative), whatever the compiler's
/// <c>checked</c>/<c>unchecked</c> context, because a silently wrapped amount of money is never wanted.
/// Division truncates toward zero (the only rounding an unsigned integer division can have).</para>
/// <para>Text: <see cref="ToString()"/> is decimal; <see cref="ToHexString"/> is the JSON-RPC "quantity" form
/// (<c>0x</c> followed by lower-case hex without leading zeros). <see cref="Parse(ReadOnlySpan{char})"/> reads
/// decimal, or hex when the text starts with <c>0x</c>.</para>
/// <para>Immutable and thread-safe. <c>default</c> is zero.</para>
/// </remarks>
public readonly struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>, IComparable, ISpanFormattable
{
    /// <summary>The number of bytes in the fixed-width big-endian form (<see cref="WriteBigEndian32"/>).</summary>
    public const int SizeInBytes = 32;

    private const ulong DecimalChunk = 10_000_000_000_000_000_000UL; // 10^19, the largest power of ten in a ulong
    private const int DecimalChunkDigits = 19;

    // Little-endian limbs: _u0 is the least significant 64 bits.
    private readonly ulong _u0;
    private readonly ulong _u1;
    private readonly ulong _u2;
    private readonly ulong _u3;

    private UInt256(ulong u3, ulong u2, ulong u1, ulong u0)
    {
        _u0 = u0;
        _u1 = u1;
        _u2 = u2;
        _u3 = u3;
    }

    /// <summary>Gets zero.</summary>
    public static UInt256 Zero => default;

    /// <summary>Gets one.</summary>
    public static UInt256 One => new(0, 0, 0, 1);

    /// <summary>Gets the largest value, 2^256 - 1.</summary>
    public static UInt256 MaxValue => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>Gets whether the value is zero.</summary>
    public bool IsZero => (_u0 | _u1 | _u2 | _u3) == 0;

    /// <summary>Converts a 64-bit unsigned integer (lossless).</summary>
    /// <param name="value">The value.</param>
    public static implicit operator UInt256(ulong value) => new(0, 0, 0, value);

    /// <summary>Converts a 128-bit unsigned integer (lossless).</summary>
    /// <param name="value">The value.</param>
    public static implicit operator UInt256(UInt128 value) => new(0, 0, (ulong)(value >> 64), (ulong)value);

    /// <summary>Converts to a 64-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="OverflowException">The value is larger than <see cref="ulong.MaxValue"/>.</exception>
    public static explicit operator ulong(UInt256 value)
    {
        if ((value._u1 | value._u2 | value._u3) != 0)
        {
            throw new OverflowException($"The value {value} does not fit in a UInt64.");
        }

        return value._u0;
    }

    /// <summary>Converts to a 128-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="OverflowException">The value is larger than <see cref="UInt128.MaxValue"/>.</exception>
    public static explicit operator UInt128(UInt256 value)
    {
        if ((value._u2 | value._u3) != 0)
        {
            throw new OverflowException($"The value {value} does not fit in a UInt128.");
        }

        return new UInt128(value._u1, value._u0);
    }

    /// <summary>Converts from a <see cref="BigInteger"/>.</summary>
    /// <param name="value">The value, in 0 .. 2^256 - 1.</param>
    /// <exception cref="OverflowException">The value is negative or does not fit in 256 bits.</exception>
    public static explicit operator UInt256(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new OverflowException("A UInt256 cannot be negative.");
        }

        if (value.GetByteCount(isUnsigned: true) > SizeInBytes)
        {
            throw new OverflowException("The value does not fit in 256 bits.");
        }

        Span<byte> bytes = stackalloc byte[SizeInBytes];
        bytes.Clear();
        int count = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes[(SizeInBytes - count)..], out _, isUnsigned: true, isBigEndian: true);
        return ReadBigEndian(bytes);
    }

    /// <summary>Converts to a <see cref="BigInteger"/> (lossless).</summary>
    /// <param name="value">The value.</param>
    public static explicit operator BigInteger(UInt256 value) => value.ToBigInteger();

    /// <summary>Adds two values.</summary>
    /// <param name="left">The first addend.</param>
    /// <param name="right">The second addend.</param>
    /// <returns>The exact sum.</returns>
    /// <exception cref="OverflowException">The sum is 2^256 or more.</exception>
    public static UInt256 operator +(UInt256 left, UInt256 right)
    {
        ulong u0 = left._u0 + right._u0;
        ulong carry = u0 < left._u0 ? 1UL : 0UL;
        ulong u1 = AddWithCarry(left._u1, right._u1, ref carry);
        ulong u2 = AddWithCarry(left._u2, right._u2, ref carry);
        ulong u3 = AddWithCarry(left._u3, right._u3, ref carry);
        if (carry != 0)
        {
            throw new OverflowException("UInt256 addition overflowed 256 bits.");
        }

        return new UInt256(u3, u2, u1, u0);
    }

    /// <summary>Subtracts one value from another.</summary>
    /// <param name="left">The minuend.</param>
    /// <param name="right">The subtrahend.</param>
    /// <returns>The exact difference.</returns>
    /// <exception cref="OverflowException"><paramref name="right"/> is larger than <paramref name="left"/>.</exception>
    public static UInt256 operator -(UInt256 left, UInt256 right)
    {
        ulong borrow = 0;
        ulong u0 = SubtractWithBorrow(left._u0, right._u0, ref borrow);
        ulong u1 = SubtractWithBorrow(left._u1, right._u1, ref borrow);
        ulong u2 = SubtractWithBorrow(left._u2, right._u2, ref borrow);
        ulong u3 = SubtractWithBorrow(left._u3, right._u3, ref borrow);
        if (borrow != 0)
        {
            throw new OverflowException("UInt256 subtraction would be negative.");
        }

        return new UInt256(u3, u2, u1, u0);
    }

    /// <summary>Multiplies two values.</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <returns>The exact product.</returns>
    /// <exception cref="OverflowException">The product is 2^256 or more.</exception>
    public static UInt256 operator *(UInt256 left, UInt256 right)
    {
        Span<ulong> a = [left._u0, left._u1, left._u2, left._u3];
        Span<ulong> b = [right._u0, right._u1, right._u2, right._u3];
        Span<ulong> product = stackalloc ulong[8];
        product.Clear();
        for (int i = 0; i < 4; i++)
        {
            if (a[i] == 0)
            {
                continue;
            }

            ulong carry = 0;
            for (int j = 0; j < 4; j++)
            {
                ulong high = Math.BigMul(a[i], b[j], out ulong low);
                UInt128 sum = (UInt128)product[i + j] + low + carry;
                product[i + j] = (ulong)sum;
                carry = high + (ulong)(sum >> 64);
            }

            product[i + 4] = carry;
        }

        if ((product[4] | product[5] | product[6] | product[7]) != 0)
        {
            throw new OverflowException("UInt256 multiplication overflowed 256 bits.");
        }

        return new UInt256(product[3], product[2], product[1], product[0]);
    }

    /// <summary>Divides one value by another, truncating toward zero.</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>The truncated quotient.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UInt256 operator /(UInt256 left, UInt256 right) => DivRem(left, right, out _);

    /// <summary>Computes the remainder of a truncating division.</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>The remainder.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UInt256 operator %(UInt256 left, UInt256 right)
    {
        DivRem(left, right, out UInt256 remainder);
        return remainder;
    }

    /// <summary>Equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the values are equal.</returns>
    public static bool operator ==(UInt256 left, UInt256 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the values differ.</returns>
    public static bool operator !=(UInt256 left, UInt256 right) => !left.Equals(right);

    /// <summary>Less than.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is smaller.</returns>
    public static bool operator <(UInt256 left, UInt256 right) => left.CompareTo(right) < 0;

    /// <summary>Greater than.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is larger.</returns>
    public static bool operator >(UInt256 left, UInt256 right) => left.CompareTo(right) > 0;

    /// <summary>Less than or equal.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is smaller or equal.</returns>
    public static bool operator <=(UInt256 left, UInt256 right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than or equal.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> is larger or equal.</returns>
    public static bool operator >=(UInt256 left, UInt256 right) => left.CompareTo(right) >= 0;

    /// <summary>Adds two values (same as <c>+</c>).</summary>
    /// <param name="left">The first addend.</param>
    /// <param name="right">The second addend.</param>
    /// <returns>The exact sum.</returns>
    /// <exception cref="OverflowException">The sum is 2^256 or more.</exception>
    public static UInt256 Add(UInt256 left, UInt256 right) => left + right;

    /// <summary>Subtracts (same as <c>-</c>).</summary>
    /// <param name="left">The minuend.</param>
    /// <param name="right">The subtrahend.</param>
    /// <returns>The exact difference.</returns>
    /// <exception cref="OverflowException"><paramref name="right"/> is larger than <paramref name="left"/>.</exception>
    public static UInt256 Subtract(UInt256 left, UInt256 right) => left - right;

    /// <summary>Multiplies (same as <c>*</c>).</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <returns>The exact product.</returns>
    /// <exception cref="OverflowException">The product is 2^256 or more.</exception>
    public static UInt256 Multiply(UInt256 left, UInt256 right) => left * right;

    /// <summary>Divides (same as <c>/</c>), truncating toward zero.</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>The truncated quotient.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UInt256 Divide(UInt256 left, UInt256 right) => left / right;

    /// <summary>Computes the remainder (same as <c>%</c>).</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>The remainder.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UInt256 Mod(UInt256 left, UInt256 right) => left % right;

    /// <summary>Divides with truncation toward zero and returns the quotient and the remainder.</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <param name="remainder">The remainder, smaller than <paramref name="right"/>.</param>
    /// <returns>The truncated quotient.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UInt256 DivRem(UInt256 left, UInt256 right, out UInt256 remainder)
    {
        if (right.IsZero)
        {
            throw new DivideByZeroException("UInt256 division by zero.");
        }

        if ((right._u1 | right._u2 | right._u3) == 0)
        {
            UInt256 quotient = DivRem64(left, right._u0, out ulong small);
            remainder = small;
            return quotient;
        }

        BigInteger q = BigInteger.DivRem(left.ToBigInteger(), right.ToBigInteger(), out BigInteger r);
        remainder = (UInt256)r;
        return (UInt256)q;
    }

    /// <summary>Returns the larger of two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The larger value.</returns>
    public static UInt256 Max(UInt256 left, UInt256 right) => left >= right ? left : right;

    /// <summary>Returns the smaller of two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The smaller value.</returns>
    public static UInt256 Min(UInt256 left, UInt256 right) => left <= right ? left : right;

    /// <summary>Parses decimal digits, or hex digits after a <c>0x</c> prefix.</summary>
    /// <param name="text">The text: <c>[0-9]+</c> or <c>0x[0-9a-fA-F]+</c>, no sign, no white space; leading zeros are accepted.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    /// <exception cref="OverflowException">The number does not fit in 256 bits.</exception>
    public static UInt256 Parse(ReadOnlySpan<char> text)
    {
        return TryParseCore(text, out UInt256 value) switch
        {
            ParseStatus.Success => value,
            ParseStatus.Overflow => throw new OverflowException($"The number '{Shorten(text)}' does not fit in 256 bits."),
            _ => throw new FormatException(
                $"Expected decimal digits or 0x followed by hex digits for a UInt256, found '{Shorten(text)}'."),
        };
    }

    /// <summary>Parses decimal digits, or hex digits after a <c>0x</c> prefix.</summary>
    /// <param name="text">The text (see <see cref="Parse(ReadOnlySpan{char})"/>).</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    /// <exception cref="OverflowException">The number does not fit in 256 bits.</exception>
    public static UInt256 Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Tries to parse decimal digits, or hex digits after a <c>0x</c> prefix.</summary>
    /// <param name="text">The text (see <see cref="Parse(ReadOnlySpan{char})"/>).</param>
    /// <param name="value">The value, or zero when parsing failed.</param>
    /// <returns>Whether the text was a number that fits in 256 bits.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out UInt256 value) => TryParseCore(text, out value) == ParseStatus.Success;

    /// <summary>Reads a big-endian unsigned integer of at most 32 bytes (leading zero bytes allowed).</summary>
    /// <param name="source">The bytes, most significant first; empty means zero.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException"><paramref name="source"/> is longer than 32 bytes.</exception>
    public static UInt256 ReadBigEndian(ReadOnlySpan<byte> source)
    {
        if (source.Length > SizeInBytes)
        {
            throw new ArgumentException($"A UInt256 has at most 32 bytes; found {source.Length}.", nameof(source));
        }

        Span<byte> padded = stackalloc byte[SizeInBytes];
        padded.Clear();
        source.CopyTo(padded[(SizeInBytes - source.Length)..]);
        return new UInt256(
            BinaryPrimitives.ReadUInt64BigEndian(padded),
            BinaryPrimitives.ReadUInt64BigEndian(padded[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(padded[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(padded[24..]));
    }

    /// <summary>Gets the number of bytes of the minimal big-endian form (no leading zeros): 0 for zero, at most 32.</summary>
    /// <returns>The byte count.</returns>
    public int GetByteCount()
    {
        int bits = 256 - LeadingZeroCount();
        return (bits + 7) / 8;
    }

    /// <summary>Writes the minimal big-endian form (no leading zero bytes; nothing for zero), as RLP integers are written.</summary>
    /// <param name="destination">Where to write; at least <see cref="GetByteCount"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public int WriteBigEndian(Span<byte> destination)
    {
        int count = GetByteCount();
        if (destination.Length < count)
        {
            throw new ArgumentException($"The destination needs {count} bytes; it has {destination.Length}.", nameof(destination));
        }

        Span<byte> full = stackalloc byte[SizeInBytes];
        WriteBigEndian32(full);
        full[(SizeInBytes - count)..].CopyTo(destination);
        return count;
    }

    /// <summary>Writes exactly 32 big-endian bytes (leading zeros included), as an ABI word or storage key is written.</summary>
    /// <param name="destination">Where to write; at least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteBigEndian32(Span<byte> destination)
    {
        if (destination.Length < SizeInBytes)
        {
            throw new ArgumentException($"The destination needs 32 bytes; it has {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _u3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _u2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _u1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _u0);
    }

    /// <summary>Converts to a <see cref="BigInteger"/> (lossless).</summary>
    /// <returns>The value.</returns>
    public BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[SizeInBytes];
        WriteBigEndian32(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Formats as the JSON-RPC "quantity": <c>0x</c> and lower-case hex without leading zeros (<c>0x0</c> for zero).</summary>
    /// <returns>The text.</returns>
    public string ToHexString() => "0x" + ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Formats as decimal digits.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Formats the value.</summary>
    /// <param name="format"><see langword="null"/>, empty, <c>D</c> or <c>G</c> for decimal; <c>x</c> or <c>X</c> for lower- or upper-case hex without prefix or leading zeros.</param>
    /// <param name="formatProvider">Ignored: digits are culture-invariant.</param>
    /// <returns>The text.</returns>
    /// <exception cref="FormatException">The format is not one of those.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> buffer = stackalloc char[80];
        if (!TryFormat(buffer, out int written, format, formatProvider))
        {
            throw new FormatException($"Unsupported UInt256 format '{format}'; use D, G, x or X.");
        }

        return new string(buffer[..written]);
    }

    /// <summary>Formats the value into a span without allocating.</summary>
    /// <param name="destination">Where to write (78 characters hold any decimal value, 64 any hex value).</param>
    /// <param name="charsWritten">The number of characters written.</param>
    /// <param name="format">See <see cref="ToString(string?, IFormatProvider?)"/>.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>Whether the destination was large enough and the format known.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        charsWritten = 0;
        if (format.IsEmpty || format is "D" or "d" or "G" or "g")
        {
            return TryFormatDecimal(destination, out charsWritten);
        }

        if (format is "x" or "X")
        {
            return TryFormatHex(destination, format[0] == 'X', out charsWritten);
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(UInt256 other) => _u0 == other._u0 && _u1 == other._u1 && _u2 == other._u2 && _u3 == other._u3;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is UInt256 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_u0, _u1, _u2, _u3);

    /// <inheritdoc />
    public int CompareTo(UInt256 other)
    {
        if (_u3 != other._u3)
        {
            return _u3 < other._u3 ? -1 : 1;
        }

        if (_u2 != other._u2)
        {
            return _u2 < other._u2 ? -1 : 1;
        }

        if (_u1 != other._u1)
        {
            return _u1 < other._u1 ? -1 : 1;
        }

        return _u0.CompareTo(other._u0);
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UInt256 other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a UInt256.", nameof(obj)),
    };

    private static ulong AddWithCarry(ulong a, ulong b, ref ulong carry)
    {
        ulong sum = a + b;
        ulong carry1 = sum < a ? 1UL : 0UL;
        ulong result = sum + carry;
        ulong carry2 = result < sum ? 1UL : 0UL;
        carry = carry1 | carry2;
        return result;
    }

    private static ulong SubtractWithBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong difference = a - b;
        ulong borrow1 = a < b ? 1UL : 0UL;
        ulong result = difference - borrow;
        ulong borrow2 = difference < borrow ? 1UL : 0UL;
        borrow = borrow1 | borrow2;
        return result;
    }

    private static UInt256 DivRem64(UInt256 value, ulong divisor, out ulong remainder)
    {
        UInt128 rest = 0;
        ulong q3 = Step(value._u3, divisor, ref rest);
        ulong q2 = Step(value._u2, divisor, ref rest);
        ulong q1 = Step(value._u1, divisor, ref rest);
        ulong q0 = Step(value._u0, divisor, ref rest);
        remainder = (ulong)rest;
        return new UInt256(q3, q2, q1, q0);

        static ulong Step(ulong limb, ulong divisor, ref UInt128 rest)
        {
            UInt128 current = (rest << 64) | limb;
            ulong quotient = (ulong)(current / divisor);
            rest = current % divisor;
            return quotient;
        }
    }

    private static bool TryMultiplyAdd(UInt256 value, ulong factor, ulong addend, out UInt256 result)
    {
        ulong carry = addend;
        Span<ulong> limbs = [value._u0, value._u1, value._u2, value._u3];
        for (int i = 0; i < 4; i++)
        {
            ulong high = Math.BigMul(limbs[i], factor, out ulong low);
            ulong sum = low + carry;
            carry = high + (sum < low ? 1UL : 0UL);
            limbs[i] = sum;
        }

        result = new UInt256(limbs[3], limbs[2], limbs[1], limbs[0]);
        return carry == 0;
    }

    private static ParseStatus TryParseCore(ReadOnlySpan<char> text, out UInt256 value)
    {
        value = default;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            ReadOnlySpan<char> digits = text[2..];
            if (digits.IsEmpty)
            {
                return ParseStatus.Invalid;
            }

            UInt256 hexResult = default;
            bool overflow = false;
            foreach (char c in digits)
            {
                int nibble = HexValue(c);
                if (nibble < 0)
                {
                    return ParseStatus.Invalid;
                }

                if (!overflow && (hexResult._u3 >> 60) != 0)
                {
                    overflow = true;
                }

                if (!overflow)
                {
                    hexResult = new UInt256(
                        (hexResult._u3 << 4) | (hexResult._u2 >> 60),
                        (hexResult._u2 << 4) | (hexResult._u1 >> 60),
                        (hexResult._u1 << 4) | (hexResult._u0 >> 60),
                        (hexResult._u0 << 4) | (uint)nibble);
                }
            }

            if (overflow)
            {
                return ParseStatus.Overflow;
            }

            value = hexResult;
            return ParseStatus.Success;
        }

        if (text.IsEmpty)
        {
            return ParseStatus.Invalid;
        }

        UInt256 result = default;
        bool decimalOverflow = false;
        int index = 0;
        while (index < text.Length)
        {
            int take = Math.Min(DecimalChunkDigits, text.Length - index);
            ulong chunk = 0;
            ulong scale = 1;
            for (int i = 0; i < take; i++)
            {
                char c = text[index + i];
                if (c is < '0' or > '9')
                {
                    return ParseStatus.Invalid;
                }

                chunk = (chunk * 10) + (uint)(c - '0');
                scale *= 10;
            }

            if (!decimalOverflow && !TryMultiplyAdd(result, scale, chunk, out result))
            {
                decimalOverflow = true;
            }

            index += take;
        }

        if (decimalOverflow)
        {
            return ParseStatus.Overflow;
        }

        value = result;
        return ParseStatus.Success;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 100 ? text.ToString() : string.Concat(text[..100], "…");

    private int LeadingZeroCount()
    {
        if (_u3 != 0)
        {
            return BitOperations.LeadingZeroCount(_u3);
        }

        if (_u2 != 0)
        {
            return 64 + BitOperations.LeadingZeroCount(_u2);
        }

        if (_u1 != 0)
        {
            return 128 + BitOperations.LeadingZeroCount(_u1);
        }

        return 192 + BitOperations.LeadingZeroCount(_u0);
    }

    private bool TryFormatDecimal(Span<char> destination, out int charsWritten)
    {
        // At most 78 decimal digits: split into base-10^19 chunks, least significant first.
        Span<ulong> chunks = stackalloc ulong[5];
        int chunkCount = 0;
        UInt256 rest = this;
        do
        {
            rest = DivRem64(rest, DecimalChunk, out ulong chunk);
            chunks[chunkCount++] = chunk;
        }
        while (!rest.IsZero);

        Span<char> digits = stackalloc char[DecimalChunkDigits * 5];
        int length = 0;
        for (int i = chunkCount - 1; i >= 0; i--)
        {
            bool first = i == chunkCount - 1;
            chunks[i].TryFormat(digits[length..], out int written, first ? default : "D19", CultureInfo.InvariantCulture);
            length += written;
        }

        if (length > destination.Length)
        {
            charsWritten = 0;
            return false;
        }

        digits[..length].CopyTo(destination);
        charsWritten = length;
        return true;
    }

    private bool TryFormatHex(Span<char> destination, bool upperCase, out int charsWritten)
    {
        int nibbles = Math.Max(1, (256 - LeadingZeroCount() + 3) / 4);
        if (nibbles > destination.Length)
        {
            charsWritten = 0;
            return false;
        }

        ReadOnlySpan<char> alphabet = upperCase ? "0123456789ABCDEF" : "0123456789abcdef";
        for (int i = 0; i < nibbles; i++)
        {
            int bit = (nibbles - 1 - i) * 4;
            ulong limb = (bit / 64) switch
            {
                0 => _u0,
                1 => _u1,
                2 => _u2,
                _ => _u3,
            };
            destination[i] = alphabet[(int)((limb >> (bit % 64)) & 0xF)];
        }

        charsWritten = nibbles;
        return true;
    }

    private enum ParseStatus
    {
        Success,
        Invalid,
        Overflow,
    }
}
