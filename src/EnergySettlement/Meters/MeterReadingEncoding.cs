using System.Buffers.Binary;
using System.Text;

namespace EnergySettlement.Meters;

/// <summary>
/// The canonical byte encoding of a <see cref="MeterReading"/> that meters sign. Fixed layout, big-endian, no
/// optional parts, so one reading has exactly one encoding (see <c>docs/meters.md</c>):
/// </summary>
/// <remarks>
/// <code>
/// offset  size  field
/// 0       4     magic "ESMR" (45 53 4D 52)
/// 4       1     version = 1
/// 5       1     n = length of the meter id in UTF-8 bytes (1..128)
/// 6       n     meter id, UTF-8
/// 6+n     8     interval start, Unix seconds, int64
/// 14+n    4     interval length, seconds, int32
/// 18+n    8     imported Wh, int64
/// 26+n    8     exported Wh, int64
/// 34+n    8     import register Wh, int64
/// 42+n    8     export register Wh, int64
/// total   50+n
/// </code>
/// The signature is not part of the encoding. Thread-safe.
/// </remarks>
public static class MeterReadingEncoding
{
    /// <summary>The format version this class writes.</summary>
    public const byte Version = 1;

    private static ReadOnlySpan<byte> Magic => "ESMR"u8;

    /// <summary>Gets the encoded size of a reading.</summary>
    /// <param name="reading">The reading.</param>
    /// <returns>The size in bytes.</returns>
    public static int GetSize(MeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return 50 + Encoding.UTF8.GetByteCount(reading.Meter.Value);
    }

    /// <summary>Encodes a reading into a new array.</summary>
    /// <param name="reading">The reading.</param>
    /// <returns>The canonical bytes.</returns>
    /// <exception cref="ArgumentException">The interval start is not a whole second or the length is not whole seconds.</exception>
    public static byte[] Encode(MeterReading reading)
    {
        var bytes = new byte[GetSize(reading)];
        Encode(reading, bytes);
        return bytes;
    }

    /// <summary>Encodes a reading into <paramref name="destination"/>.</summary>
    /// <param name="reading">The reading.</param>
    /// <param name="destination">At least <see cref="GetSize(MeterReading)"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The destination is too small, or the times are not whole seconds.</exception>
    public static int Encode(MeterReading reading, Span<byte> destination)
    {
        var size = GetSize(reading);
        if (destination.Length < size)
        {
            throw new ArgumentException($"Need {size} bytes, found {destination.Length}.", nameof(destination));
        }

        if (reading.IntervalStart.UtcTicks % TimeSpan.TicksPerSecond != 0 || reading.IntervalLength.Ticks % TimeSpan.TicksPerSecond != 0 ||
            reading.IntervalLength.TotalSeconds is < 1 or > int.MaxValue)
        {
            throw new ArgumentException("A reading's interval start and length must be whole seconds.", nameof(reading));
        }

        Magic.CopyTo(destination);
        destination[4] = Version;
        var idLength = Encoding.UTF8.GetBytes(reading.Meter.Value, destination[6..]);
        destination[5] = checked((byte)idLength);
        var rest = destination[(6 + idLength)..];
        BinaryPrimitives.WriteInt64BigEndian(rest, reading.IntervalStart.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt32BigEndian(rest[8..], (int)reading.IntervalLength.TotalSeconds);
        BinaryPrimitives.WriteInt64BigEndian(rest[12..], reading.Imported.WattHours);
        BinaryPrimitives.WriteInt64BigEndian(rest[20..], reading.Exported.WattHours);
        BinaryPrimitives.WriteInt64BigEndian(rest[28..], reading.ImportRegisterWattHours);
        BinaryPrimitives.WriteInt64BigEndian(rest[36..], reading.ExportRegisterWattHours);
        return size;
    }
}
