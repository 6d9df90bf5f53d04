using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Sqlite;

/// <summary>
/// The one database file every store of a <see cref="SqliteJournal"/> shares: opened (and migrated) on first use,
/// written through the single group-committing <see cref="SqliteWriter"/>, read through pooled connections that see
/// every committed write (WAL readers never block the writer, nor it them).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteJournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly object _gate = new();
    private Task? _opening;
    private SqliteConnection? _writeConnection;
    private SqliteWriter? _writer;
    private bool _disposed;

    public SqliteDatabase(SqliteJournalOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        Path = System.IO.Path.GetFullPath(options.Path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            Pooling = true,
        };
        _readConnectionString = builder.ToString();

        // The write connection is never pooled, so no state set on it leaks to readers or to the next journal.
        builder.Pooling = false;
        _writeConnectionString = builder.ToString();
    }

    public string Path { get; }

    public int SchemaVersion { get; private set; }

    /// <summary>Opens the file and applies pending schema steps, once; later calls return at once.</summary>
    public Task OpenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _writer) is not null)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // A failed open (file locked, disk full) is tried again by the next call.
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                _opening = Task.Run(Open, CancellationToken.None);
            }

            return _opening.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Queues a write for the next group commit; completes when it is durable.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> apply, int records, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _writer!.WriteAsync(apply, records, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a read on a pooled connection (in a read transaction when <paramref name="snapshot"/>, so several
    /// statements see one state).</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction?, T> read, bool snapshot, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var connection = OpenReadConnection();
        if (!snapshot)
        {
            return read(connection, null);
        }

        using var transaction = connection.BeginTransaction(deferred: true);
        var result = read(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>Opens a pooled connection for reading; the caller disposes it.</summary>
    public SqliteConnection OpenReadConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Finishes every queued write, stops the writer and closes the file.</summary>
    public void Dispose()
    {
        Task? opening;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            opening = _opening;
        }

        try
        {
            opening?.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SqliteException or EnergySettlementException or IOException or UnauthorizedAccessException)
        {
            // The open failed: there is nothing to close.
        }

        _writer?.Dispose();
        _writeConnection?.Dispose();
        using (var connection = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (_writer is not null)
        {
            Log.Closed(_logger, Path);
        }
    }

    private void Open()
    {
        var connection = new SqliteConnection(_writeConnectionString);
        try
        {
            connection.Open();
            ApplyDurabilitySettings(connection);
            SchemaVersion = SqliteSchema.Migrate(connection, _time, _logger, Path);
            var writer = new SqliteWriter(connection, _options.MaxWritesPerCommit, _options.WriteQueueCapacity, _time, _logger, Path);
            _writeConnection = connection;
            Volatile.Write(ref _writer, writer);
            Log.Opened(_logger, Path, SchemaVersion);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// WAL lets readers run beside the writer; <c>synchronous=FULL</c> makes each commit fsync the log, so a commit
    /// that returned survives power loss, not only a process crash (<c>NORMAL</c> would risk the last commits).
    /// </summary>
    private void ApplyDurabilitySettings(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new EnergySettlementException(
                $"The journal '{Path}' could not switch to write-ahead logging (the file system gave journal mode '{mode}'); put the journal on a local disk.");
        }

        // A 64 MiB page cache for the writer: a large journal's indexes (random ids) stay in memory while they are updated.
        // Checkpoints every 16,384 WAL pages (64 MiB) rather than SQLite's 1,000: a bulk commit of 10,000 records writes
        // 500 to 1,000 pages, so the default would copy the log into the file (and fsync it) every commit or two.
        // Durability is the same: each commit is in the fsynced log either way.
        command.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;";
        command.ExecuteNonQuery();
    }
}
