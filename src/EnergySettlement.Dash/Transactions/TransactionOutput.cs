using System.Globalization;
using EnergySettlement.Dash.Addresses;

namespace EnergySettlement.Dash.Transactions;

/// <summary>An output of a <see cref="UtxoTransaction"/>: a value and the script that locks it.</summary>
/// <remarks>Immutable and thread-safe, provided the memory behind <see cref="ScriptPubKey"/> is not changed.</remarks>
public sealed class TransactionOutput
{
    /// <summary>Creates an output.</summary>
    /// <param name="value">The value in the chain's smallest unit. Any 64-bit value is carried, so that any serialised
    /// transaction can be read and written back; builders pay only positive amounts.</param>
    /// <param name="scriptPubKey">The locking script.</param>
    public TransactionOutput(long value, ReadOnlyMemory<byte> scriptPubKey)
    {
        Value = value;
        ScriptPubKey = scriptPubKey;
    }

    /// <summary>Gets the value in the chain's smallest unit (duffs on Dash).</summary>
    public long Value { get; }

    /// <summary>Gets the locking script.</summary>
    public ReadOnlyMemory<byte> ScriptPubKey { get; }

    /// <summary>Gets whether this is an unspendable data output (<c>OP_RETURN</c> …).</summary>
    public bool IsNullData => ScriptPubKey.Length > 0 && ScriptPubKey.Span[0] == Script.OpReturn;

    /// <summary>Gets the serialised size in bytes: value (8), script length and script.</summary>
    public int SerializedSize => 8 + VarInt.SizeOf((ulong)ScriptPubKey.Length) + ScriptPubKey.Length;

    /// <summary>Creates an output that pays <paramref name="value"/> to an address (P2PKH or P2SH).</summary>
    /// <param name="address">The address.</param>
    /// <param name="value">The value; positive.</param>
    /// <returns>The output.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public static TransactionOutput Pay(UtxoAddress address, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        return new TransactionOutput(value, address.GetScriptPubKey());
    }

    /// <summary>Creates an unspendable data output, <c>OP_RETURN &lt;data&gt;</c> with a minimal push, worth 0. Nodes relay one
    /// per transaction, with at most <see cref="Networks.UtxoNetwork.MaxDataCarrierBytes"/> bytes of data (80 on Dash).</summary>
    /// <param name="data">The data; at most 520 bytes (a script push's limit).</param>
    /// <returns>The output.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The data is longer than 520 bytes.</exception>
    public static TransactionOutput NullData(ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, 520, nameof(data));
        var script = new byte[1 + Script.PushSize(data.Length)];
        script[0] = Script.OpReturn;
        Script.WritePush(script.AsSpan(1), data);
        return new TransactionOutput(0, script);
    }

    /// <summary>Returns the value and the script in hex.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value} to {Crypto.Hex.Encode(ScriptPubKey.Span)}");
}
