using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EnergySettlement.Settlement;

/// <summary>
/// Builds content-derived ids: a canonical, length-prefixed encoding of a record's fields hashed with SHA-256 and written
/// as <c>prefix-</c> followed by the first 16 bytes in lower-case hex. Same content, same id, on every machine and run.
/// </summary>
/// <remarks>Each field is tagged by its position in the sequence of writes, so two records whose fields concatenate to
/// the same text still hash apart (every string carries its length).</remarks>
internal ref struct ContentHash
{
    private const int IdBytes = 16;
    private byte[] _buffer;
    private int _length;

    public ContentHash(string domain)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(256);
        _length = 0;
        Add(domain);
    }

    public void Add(string? text)
    {
        if (text is null)
        {
            Add(-1L);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(text);
        Add((long)count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    public void Add(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Add(Int128 value)
    {
        Add((long)(value >> 64));
        Add((long)(ulong)value);
    }

    public void Add(bool value) => Add(value ? 1L : 0L);

    public void Add(DeliveryPeriod period)
    {
        Add(period.Start.UtcTicks);
        Add(period.Length.Ticks);
    }

    public void Add(Money money)
    {
        Add(money.Asset.Id.ToString());
        Add((long)money.Asset.Decimals);
        Add(money.Amount);
    }

    /// <summary>Hashes what was added and returns <c>prefix-hex</c>; returns the buffer to the pool.</summary>
    public string Finish(string prefix)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, _length), digest);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Span<char> text = stackalloc char[prefix.Length + 1 + (IdBytes * 2)];
        prefix.AsSpan().CopyTo(text);
        text[prefix.Length] = '-';
        const string hex = "0123456789abcdef";
        var at = prefix.Length + 1;
        foreach (var b in digest[..IdBytes])
        {
            text[at++] = hex[b >> 4];
            text[at++] = hex[b & 0xF];
        }

        return new string(text);
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
