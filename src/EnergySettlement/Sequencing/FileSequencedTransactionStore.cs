using System.Text.Json;
using EnergySettlement.Chains;

namespace EnergySettlement.Sequencing;

/// <summary>
/// An <see cref="ISequencedTransactionStore"/> in an append-only file: one JSON line per record or completion, flushed
/// to disk before each call returns. Survives a process crash at any point.
/// </summary>
/// <remarks>
/// <para>Opening replays the file. A torn last line (the process died mid-write) is cut off; that write had not
/// returned, so nothing that was promised is lost. A damaged line elsewhere means the file was edited or the disk is
/// failing: opening throws <see cref="EnergySettlementException"/> rather than guess.</para>
/// <para>The file is held open exclusively: one store instance per file and process. Thread-safe.</para>
/// </remarks>
public sealed class FileSequencedTransactionStore : ISequencedTransactionStore, IDisposable
{
    private readonly SequenceLedger _ledger = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FileStream _file;
    private readonly string _path;

    private FileSequencedTransactionStore(string path, FileStream file)
    {
        _path = path;
        _file = file;
    }

    /// <summary>Opens (or creates) the store file and replays it.</summary>
    /// <param name="path">The file path; its directory must exist.</param>
    /// <returns>The store.</returns>
    /// <exception cref="EnergySettlementException">The file is damaged before its last line.</exception>
    /// <exception cref="IOException">The file cannot be opened (for example another process holds it).</exception>
    public static FileSequencedTransactionStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
        var store = new FileSequencedTransactionStore(path, file);
        try
        {
            store.Replay();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return store;
    }

    /// <inheritdoc />
    public async Task<AccountSequenceState> LoadAsync(SettlementAccount account, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _ledger.Load(account);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task RecordAsync(SequencedTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Check against memory, write durably, then apply: memory never runs ahead of the disk.
            if (_ledger.IsNew(transaction))
            {
                await AppendAsync(w => WriteRecord(w, transaction), cancellationToken).ConfigureAwait(false);
                _ledger.Record(transaction);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task CompleteAsync(SettlementAccount account, ulong sequence, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AppendAsync(
                w =>
                {
                    w.WriteString("op", "complete");
                    w.WriteString("account", account.ToString());
                    w.WriteNumber("sequence", sequence);
                },
                cancellationToken).ConfigureAwait(false);
            _ledger.Complete(account, sequence);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _file.Dispose();
        _gate.Dispose();
    }

    private static void WriteRecord(Utf8JsonWriter w, SequencedTransaction t)
    {
        w.WriteString("op", "record");
        w.WriteString("account", t.Account.ToString());
        w.WriteNumber("sequence", t.Sequence);
        w.WriteString("transactionId", t.TransactionId.Value);
        w.WriteBase64String("raw", t.RawTransaction.Span);
        if (t.BatchId is { } batch)
        {
            w.WriteString("batchId", batch.Value);
        }

        w.WriteString("signedAt", t.SignedAt);
    }

    private async Task AppendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        _file.Seek(0, SeekOrigin.End);
        await _file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);

        // Flush through the OS cache: the record must be on disk before the caller signs or sends anything else.
        _file.Flush(flushToDisk: true);
    }

    private void Replay()
    {
        _file.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[_file.Length];
        _file.ReadExactly(bytes);
        var start = 0;
        var lineNumber = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                // A torn last line: the append that wrote it never returned. Cut it off.
                _file.SetLength(start);
                _file.Flush(flushToDisk: true);
                return;
            }

            try
            {
                Apply(bytes.AsSpan(start, end - start));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException)
            {
                throw new EnergySettlementException($"The sequence store file '{_path}' is damaged at line {lineNumber}: {ex.Message}", ex);
            }

            start = end + 1;
        }
    }

    private void Apply(ReadOnlySpan<byte> line)
    {
        using var document = JsonDocument.Parse(line.ToArray());
        var root = document.RootElement;
        var account = SettlementAccount.Parse(root.GetProperty("account").GetString() ?? string.Empty);
        var sequence = root.GetProperty("sequence").GetUInt64();
        switch (root.GetProperty("op").GetString())
        {
            case "record":
                _ledger.Record(new SequencedTransaction
                {
                    Account = account,
                    Sequence = sequence,
                    TransactionId = new ChainTransactionId(root.GetProperty("transactionId").GetString() ?? string.Empty),
                    RawTransaction = root.GetProperty("raw").GetBytesFromBase64(),
                    BatchId = root.TryGetProperty("batchId", out var batch) ? new SettlementBatchId(batch.GetString() ?? string.Empty) : null,
                    SignedAt = root.GetProperty("signedAt").GetDateTimeOffset(),
                });
                break;
            case "complete":
                _ledger.Complete(account, sequence);
                break;
            default:
                throw new FormatException($"unknown operation '{root.GetProperty("op").GetString()}'.");
        }
    }
}
