using System.Data;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EnergySettlement.PostgreSql;

/// <summary>
/// The one PostgreSQL schema every store of a <see cref="PostgreSqlJournal"/> shares: migrated on first use, written
/// through the single group-committing <see cref="PostgreSqlWriter"/>, read through the data source's pooled connections.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class PostgreSqlDatabase : IDisposable
{
    private readonly PostgreSqlJournalOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private Task? _opening;
    private PostgreSqlWriter? _writer;
    private bool _disposed;

    public PostgreSqlDatabase(PostgreSqlJournalOptions options, NpgsqlDataSource dataSource, bool ownsDataSource, TimeProvider time, ILogger logger)
    {
        _options = options;
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _time = time;
        _logger = logger;
        Schema = options.Schema;
        Quoted = PostgreSqlSchema.Quote(options.Schema);
    }

    public string Schema { get; }

    /// <summary>Gets the schema's quoted name, to prefix table names in SQL.</summary>
    public string Quoted { get; }

    public int SchemaVersion { get; private set; }

    /// <summary>Migrates the schema, once; later calls return at once. A failed attempt is tried again by the next call.</summary>
    public Task OpenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _writer) is not null)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                _opening = OpenCoreAsync();
            }

            return _opening.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Queues a write for the next group commit; completes when it is durable.</summary>
    public async Task<T> WriteAsync<T>(Func<PostgreSqlWriteContext, Task<T>> apply, int records, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _writer!.WriteAsync(apply, records, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a prepared write (see <see cref="PostgreSqlWriteBatcher"/>) for the next group commit; completes
    /// when it is durable.</summary>
    public async Task<T> WriteAsync<T>(PostgreSqlWrite<T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _writer!.WriteAsync(write, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a read on a pooled connection; with <paramref name="snapshot"/>, inside a <c>REPEATABLE READ READ
    /// ONLY</c> transaction, so its several statements see one committed state.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction?, Task<T>> read, bool snapshot, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!snapshot)
        {
            return await read(connection, null).ConfigureAwait(false);
        }

        // REPEATABLE READ: one snapshot for every statement of the read (a batch's row, payouts and transitions agree).
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var result = await read(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Finishes every queued write, stops the writer and (when the journal created it) closes the data source.</summary>
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
        catch (Exception ex) when (ex is NpgsqlException or EnergySettlementException or TimeoutException)
        {
            // The open failed: there is no writer to stop.
        }

        _writer?.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }

        if (_writer is not null)
        {
            Log.Closed(_logger, Schema);
        }
    }

    private async Task OpenCoreAsync()
    {
        SchemaVersion = await PostgreSqlSchema.MigrateAsync(_dataSource, Schema, _time, _logger, CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref _writer, new PostgreSqlWriter(_dataSource, _options, _time, _logger));
        Log.Opened(_logger, Schema, SchemaVersion);
    }
}
