using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using EnergySettlement.Crypto;

namespace EnergySettlement.Dash.Transactions;

/// <summary>
/// A Bitcoin-family transaction in the legacy serialisation (no segregated witness), with Dash's DIP-2 fields: the 32-bit
/// version is a 16-bit <see cref="Version"/> and a 16-bit <see cref="Type"/>, and a version-3 transaction of a non-zero
/// type (a special transaction: provider registration, coinbase payload, asset lock, …) ends with an
/// <see cref="ExtraPayload"/>. On chains without DIP-2 the same bytes read as a 32-bit version and no payload.
/// </summary>
/// <remarks>
/// <para>Serialisation: <c>version ‖ type</c> (one little-endian uint32) ‖ CompactSize input count ‖ inputs ‖ CompactSize
/// output count ‖ outputs ‖ lock time (uint32) [‖ CompactSize payload size ‖ payload]. The transaction id
/// (<see cref="Hash"/>) is SHA-256d of those bytes.</para>
/// <para>Immutable and thread-safe; the serialised bytes and the hash are computed once, on first use.</para>
/// </remarks>
public sealed class UtxoTransaction : IEquatable<UtxoTransaction>
{
    /// <summary>The version of ordinary transactions the UTXO core writes: 2 (BIP-68 relative lock times apply; Dash Core's <c>CURRENT_VERSION</c>).</summary>
    public const short StandardVersion = 2;

    /// <summary>The version from which a non-zero <see cref="Type"/> carries an extra payload (DIP-2): 3.</summary>
    public const short SpecialVersion = 3;

    private const int MinimumInputSize = 41;
    private const int MinimumOutputSize = 9;

    private readonly TransactionInput[] _inputs;
    private readonly TransactionOutput[] _outputs;
    private byte[]? _bytes;
    private StrongBox<TransactionHash>? _hash;

    /// <summary>Creates a transaction.</summary>
    /// <param name="inputs">The inputs, in order.</param>
    /// <param name="outputs">The outputs, in order.</param>
    /// <param name="lockTime">The lock time; the default 0 means none.</param>
    /// <param name="version">The version; the default is <see cref="StandardVersion"/>.</param>
    /// <param name="type">The DIP-2 type; 0 (the default) for an ordinary transaction.</param>
    /// <param name="extraPayload">The DIP-2 payload of a special transaction (version 3 or more, type not 0), or
    /// <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">A payload is given for a transaction that is not special, or an input or output is null.</exception>
    public UtxoTransaction(IEnumerable<TransactionInput> inputs, IEnumerable<TransactionOutput> outputs, uint lockTime = 0, short version = StandardVersion, ushort type = 0, ReadOnlyMemory<byte>? extraPayload = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        _inputs = inputs.ToArray();
        _outputs = outputs.ToArray();
        if (Array.IndexOf(_inputs, null) >= 0 || Array.IndexOf(_outputs, null) >= 0)
        {
            throw new ArgumentException("A transaction's inputs and outputs must not be null.", _inputs.Contains(null) ? nameof(inputs) : nameof(outputs));
        }

        if (extraPayload is not null && (version < SpecialVersion || type == 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Only a special transaction (version {SpecialVersion} or more, type not 0) carries an extra payload; this one is version {version}, type {type}."), nameof(extraPayload));
        }

        LockTime = lockTime;
        Version = version;
        Type = type;
        ExtraPayload = extraPayload;
    }

    /// <summary>Gets the version (the low 16 bits of the serialised 32-bit version, signed as in Dash Core).</summary>
    public short Version { get; }

    /// <summary>Gets the DIP-2 type (the high 16 bits of the serialised 32-bit version); 0 for ordinary transactions.</summary>
    public ushort Type { get; }

    /// <summary>Gets the inputs.</summary>
    public IReadOnlyList<TransactionInput> Inputs => _inputs;

    /// <summary>Gets the outputs.</summary>
    public IReadOnlyList<TransactionOutput> Outputs => _outputs;

    /// <summary>Gets the lock time.</summary>
    public uint LockTime { get; }

    /// <summary>Gets the DIP-2 extra payload, or <see langword="null"/> when the transaction has no payload field.</summary>
    public ReadOnlyMemory<byte>? ExtraPayload { get; }

    /// <summary>Gets the serialised size in bytes (what fees are paid on).</summary>
    public int Size => Bytes.Length;

    /// <summary>Gets the transaction id: SHA-256d of the serialised bytes.</summary>
    public TransactionHash Hash => (_hash ??= new StrongBox<TransactionHash>(ComputeHash())).Value;

    /// <summary>Gets the sum of the output values.</summary>
    /// <exception cref="OverflowException">The sum does not fit 64 bits (only possible for a transaction read from arbitrary bytes).</exception>
    public long TotalOutputValue
    {
        get
        {
            long sum = 0;
            foreach (var output in _outputs)
            {
                sum = checked(sum + output.Value);
            }

            return sum;
        }
    }

    private byte[] Bytes => _bytes ??= Serialize();

    /// <summary>Equality: same serialised bytes.</summary>
    public static bool operator ==(UtxoTransaction? left, UtxoTransaction? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(UtxoTransaction? left, UtxoTransaction? right) => !(left == right);

    /// <summary>Reads a serialised transaction.</summary>
    /// <param name="raw">The bytes: exactly one transaction, nothing after it.</param>
    /// <param name="specialTransactions">Whether to read DIP-2 payloads (Dash); <see langword="false"/> reads every transaction
    /// as legacy Bitcoin-family bytes. The default is <see langword="true"/>.</param>
    /// <returns>The transaction.</returns>
    /// <exception cref="TransactionFormatException">The bytes are truncated, have bytes left over, or hold a count, length or
    /// CompactSize that is out of range or non-canonical.</exception>
    public static UtxoTransaction Parse(ReadOnlySpan<byte> raw, bool specialTransactions = true)
    {
        var reader = new TransactionReader(raw);
        uint versionAndType = reader.ReadUInt32("the version");
        short version = (short)(versionAndType & 0xFFFF);
        ushort type = (ushort)(versionAndType >> 16);

        int inputCount = (int)reader.ReadVarInt("the input count", (ulong)(reader.Remaining / MinimumInputSize));
        var inputs = new TransactionInput[inputCount];
        for (int i = 0; i < inputCount; i++)
        {
            var previous = TransactionHash.FromBytes(reader.ReadBytes(TransactionHash.Size, "an input's previous transaction"));
            uint index = reader.ReadUInt32("an input's previous index");
            int scriptLength = (int)reader.ReadVarInt("an input's script length", (ulong)reader.Remaining);
            byte[] script = reader.ReadBytes(scriptLength, "an input's script").ToArray();
            uint sequence = reader.ReadUInt32("an input's sequence");
            inputs[i] = new TransactionInput(previous, index, script, sequence);
        }

        int outputCount = (int)reader.ReadVarInt("the output count", (ulong)(reader.Remaining / MinimumOutputSize));
        var outputs = new TransactionOutput[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            long value = reader.ReadInt64("an output's value");
            int scriptLength = (int)reader.ReadVarInt("an output's script length", (ulong)reader.Remaining);
            outputs[i] = new TransactionOutput(value, reader.ReadBytes(scriptLength, "an output's script").ToArray());
        }

        uint lockTime = reader.ReadUInt32("the lock time");
        ReadOnlyMemory<byte>? payload = null;
        if (specialTransactions && version >= SpecialVersion && type != 0)
        {
            int payloadLength = (int)reader.ReadVarInt("the extra payload's size", (ulong)reader.Remaining);
            payload = reader.ReadBytes(payloadLength, "the extra payload").ToArray();
        }

        if (reader.Remaining != 0)
        {
            throw reader.Fail(string.Create(CultureInfo.InvariantCulture, $"The transaction ends before the data does: {reader.Remaining} byte(s) left over"));
        }

        var transaction = new UtxoTransaction(inputs, outputs, lockTime, version, type, payload);
        transaction._bytes = raw.ToArray();
        return transaction;
    }

    /// <summary>Reads a transaction from hex (as <c>getrawtransaction</c> and explorers show raw transactions).</summary>
    /// <param name="hex">The hex text, optionally with <c>0x</c>.</param>
    /// <returns>The transaction, read with Dash's DIP-2 rules (see <see cref="Parse(ReadOnlySpan{byte}, bool)"/>).</returns>
    /// <exception cref="FormatException">The text is not hex, or the bytes are not a transaction (<see cref="TransactionFormatException"/>).</exception>
    public static UtxoTransaction Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Parse(Hex.Decode(hex));
    }

    /// <summary>Returns the serialised bytes (a new array each call).</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes() => (byte[])Bytes.Clone();

    /// <summary>Copies the serialised bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public int WriteTo(Span<byte> destination)
    {
        var bytes = Bytes;
        if (destination.Length < bytes.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The destination holds {destination.Length} bytes; the transaction needs {bytes.Length}."), nameof(destination));
        }

        bytes.CopyTo(destination);
        return bytes.Length;
    }

    /// <summary>Returns the serialised bytes as lower-case hex (what <c>sendrawtransaction</c> takes).</summary>
    /// <returns>The hex text.</returns>
    public string ToHex() => Hex.Encode(Bytes);

    /// <summary>
    /// Computes the legacy signature hash of input <paramref name="inputIndex"/>, as Dash Core's (and Bitcoin Core's
    /// pre-segwit) <c>SignatureHash</c> does: the transaction with every other input's script empty, this input's script
    /// replaced by <paramref name="scriptCode"/> without its OP_CODESEPARATORs, outputs and sequences trimmed as the hash
    /// type says, the 32-bit hash type appended, SHA-256d. A <see cref="SignatureHashType.Single"/> hash for an input
    /// without a matching output is the value 1, as in Core. Dash appends a version-3 special transaction's payload.
    /// </summary>
    /// <param name="inputIndex">The input being signed.</param>
    /// <param name="scriptCode">The script of the output being spent (for P2PKH, its <c>scriptPubKey</c>).</param>
    /// <param name="hashType">The hash type as the full 32-bit value the signature's last byte extends to.</param>
    /// <param name="destination">Receives the 32-byte hash, in the order ECDSA signs it.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input index is out of range.</exception>
    /// <exception cref="ArgumentException">The destination is shorter than 32 bytes.</exception>
    public void WriteSignatureHash(int inputIndex, ReadOnlySpan<byte> scriptCode, int hashType, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, _inputs.Length);
        if (destination.Length < Sha256d.HashSizeInBytes)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        int baseType = hashType & 0x1F;
        bool single = baseType == (int)SignatureHashType.Single;
        bool none = baseType == (int)SignatureHashType.None;
        bool anyoneCanPay = (hashType & (int)SignatureHashType.AnyoneCanPay) != 0;
        if (single && inputIndex >= _outputs.Length)
        {
            destination[..Sha256d.HashSizeInBytes].Clear();
            destination[0] = 1;
            return;
        }

        int capacity = Size + scriptCode.Length + 9 + 4;
        byte[] rented = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            Span<byte> buffer = rented;
            int at = WriteVersion(buffer);
            int inputCount = anyoneCanPay ? 1 : _inputs.Length;
            at += VarInt.Write(buffer[at..], (ulong)inputCount);
            for (int n = 0; n < inputCount; n++)
            {
                int i = anyoneCanPay ? inputIndex : n;
                var input = _inputs[i];
                input.PreviousTransaction.WriteBytes(buffer[at..]);
                BinaryPrimitives.WriteUInt32LittleEndian(buffer[(at + 32)..], input.PreviousIndex);
                at += 36;
                if (i == inputIndex)
                {
                    at += VarInt.Write(buffer[at..], (ulong)(scriptCode.Length - Script.CountCodeSeparators(scriptCode)));
                    at += Script.WriteScriptCode(buffer[at..], scriptCode);
                }
                else
                {
                    buffer[at++] = 0;
                }

                uint sequence = i != inputIndex && (single || none) ? 0 : input.Sequence;
                BinaryPrimitives.WriteUInt32LittleEndian(buffer[at..], sequence);
                at += 4;
            }

            int outputCount = none ? 0 : single ? inputIndex + 1 : _outputs.Length;
            at += VarInt.Write(buffer[at..], (ulong)outputCount);
            for (int o = 0; o < outputCount; o++)
            {
                if (single && o != inputIndex)
                {
                    // Core's null CTxOut: value -1, empty script.
                    BinaryPrimitives.WriteInt64LittleEndian(buffer[at..], -1);
                    buffer[at + 8] = 0;
                    at += 9;
                }
                else
                {
                    at += WriteOutput(buffer[at..], _outputs[o]);
                }
            }

            BinaryPrimitives.WriteUInt32LittleEndian(buffer[at..], LockTime);
            at += 4;

            // Dash Core's signature serialiser appends the payload of version-3 special transactions (interpreter.cpp).
            if (Version == SpecialVersion && Type != 0 && ExtraPayload is { } payload)
            {
                at += WritePayload(buffer[at..], payload.Span);
            }

            BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], hashType);
            at += 4;
            Sha256d.Hash(buffer[..at], destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Computes the legacy signature hash of an input (see <see cref="WriteSignatureHash"/>).</summary>
    /// <param name="inputIndex">The input being signed.</param>
    /// <param name="scriptCode">The script of the output being spent.</param>
    /// <param name="hashType">The hash type; the default is <see cref="SignatureHashType.All"/>.</param>
    /// <returns>The 32-byte hash.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The input index is out of range.</exception>
    public byte[] GetSignatureHash(int inputIndex, ReadOnlySpan<byte> scriptCode, SignatureHashType hashType = SignatureHashType.All)
    {
        var hash = new byte[Sha256d.HashSizeInBytes];
        WriteSignatureHash(inputIndex, scriptCode, (int)hashType, hash);
        return hash;
    }

    /// <summary>Returns a copy whose inputs carry the given unlocking scripts.</summary>
    /// <param name="scriptSigs">One script per input, in order.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The number of scripts differs from the number of inputs.</exception>
    public UtxoTransaction WithScriptSigs(IReadOnlyList<ReadOnlyMemory<byte>> scriptSigs)
    {
        ArgumentNullException.ThrowIfNull(scriptSigs);
        if (scriptSigs.Count != _inputs.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected {_inputs.Length} unlocking scripts, one per input; found {scriptSigs.Count}."), nameof(scriptSigs));
        }

        var inputs = new TransactionInput[_inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = _inputs[i].WithScriptSig(scriptSigs[i]);
        }

        return new UtxoTransaction(inputs, _outputs, LockTime, Version, Type, ExtraPayload);
    }

    /// <inheritdoc />
    public bool Equals(UtxoTransaction? other) => other is not null && (ReferenceEquals(this, other) || Bytes.AsSpan().SequenceEqual(other.Bytes));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UtxoTransaction);

    /// <inheritdoc />
    public override int GetHashCode() => Hash.GetHashCode();

    /// <summary>Returns the transaction id and the shape.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Hash} ({_inputs.Length} in, {_outputs.Length} out, {Size} bytes)");

    private static int WriteOutput(Span<byte> buffer, TransactionOutput output)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer, output.Value);
        int at = 8 + VarInt.Write(buffer[8..], (ulong)output.ScriptPubKey.Length);
        output.ScriptPubKey.Span.CopyTo(buffer[at..]);
        return at + output.ScriptPubKey.Length;
    }

    private static int WritePayload(Span<byte> buffer, ReadOnlySpan<byte> payload)
    {
        int at = VarInt.Write(buffer, (ulong)payload.Length);
        payload.CopyTo(buffer[at..]);
        return at + payload.Length;
    }

    private int WriteVersion(Span<byte> buffer)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (ushort)Version | ((uint)Type << 16));
        return 4;
    }

    private byte[] Serialize()
    {
        int size = 4 + VarInt.SizeOf((ulong)_inputs.Length) + VarInt.SizeOf((ulong)_outputs.Length) + 4;
        foreach (var input in _inputs)
        {
            size += input.SerializedSize;
        }

        foreach (var output in _outputs)
        {
            size += output.SerializedSize;
        }

        if (ExtraPayload is { } payload)
        {
            size += VarInt.SizeOf((ulong)payload.Length) + payload.Length;
        }

        var bytes = new byte[size];
        Span<byte> buffer = bytes;
        int at = WriteVersion(buffer);
        at += VarInt.Write(buffer[at..], (ulong)_inputs.Length);
        foreach (var input in _inputs)
        {
            input.PreviousTransaction.WriteBytes(buffer[at..]);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer[(at + 32)..], input.PreviousIndex);
            at += 36;
            at += VarInt.Write(buffer[at..], (ulong)input.ScriptSig.Length);
            input.ScriptSig.Span.CopyTo(buffer[at..]);
            at += input.ScriptSig.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(buffer[at..], input.Sequence);
            at += 4;
        }

        at += VarInt.Write(buffer[at..], (ulong)_outputs.Length);
        foreach (var output in _outputs)
        {
            at += WriteOutput(buffer[at..], output);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(buffer[at..], LockTime);
        at += 4;
        if (ExtraPayload is { } extra)
        {
            at += WritePayload(buffer[at..], extra.Span);
        }

        System.Diagnostics.Debug.Assert(at == size, "The size pre-pass and the writer agree.");
        return bytes;
    }

    private TransactionHash ComputeHash()
    {
        Span<byte> hash = stackalloc byte[Sha256d.HashSizeInBytes];
        Sha256d.Hash(Bytes, hash);
        return TransactionHash.FromBytes(hash);
    }
}
