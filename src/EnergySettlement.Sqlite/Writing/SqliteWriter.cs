using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Sqlite.Writing;

/// <summary>
/// The journal's single writer: one thread, one connection, group commits. Concurrent callers' writes wait in a bounded
/// queue; the writer takes as many as are waiting (up to the configured maximum), runs each inside its own savepoint
/// of one <c>BEGIN IMMEDIATE</c> transaction, commits once (one fsync of the write-ahead log with
/// <c>synchronous=FULL</c>), and only then answers every caller. A write that is refused (bad input, a conflict) rolls
/// back to its savepoint and fails alone; a commit that fails fails every write in it, and none of them happened.
/// </summary>
/// <remarks>While one commit waits for the disk, the next writes gather in the queue, so the number of writes per fsync
/// grows with the load without any timer (as TigerBeetle batches transfers). Thread-safe.</remarks>
internal sealed class SqliteWriter : IDisposable
{
    // Savepoints as statements prepared once (SqliteTransaction.Save would compile each anew, per write).
    private const string SaveSql = "SAVEPOINT write;";
    private const string ReleaseSql = "RELEASE write;";
    private const string RollbackSql = "ROLLBACK TO write;";

    private readonly Channel<SqliteWrite> _queue;
    private readonly SqliteWriteContext _context;
    private readonly Thread _thread;
    private readonly int _maxWritesPerCommit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly TagList _tags;

    public SqliteWriter(SqliteConnection connection, int maxWritesPerCommit, int queueCapacity, TimeProvider time, ILogger logger, string path)
    {
        _context = new SqliteWriteContext(connection);
        _maxWritesPerCommit = maxWritesPerCommit;
        _time = time;
        _logger = logger;
        _path = path;
        _tags = new TagList { SqliteTelemetry.DbSystem, new("db.namespace", path) };
        _queue = Channel.CreateBounded<SqliteWrite>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // A dedicated thread: every SQLite call blocks (fsync included), and the thread pool should not pay for that.
        _thread = new Thread(Run) { IsBackground = true, Name = "EnergySettlement.Sqlite writer" };
        _thread.Start();
    }

    /// <summary>Queues a write and completes when it is durable (or refused, or its commit failed).</summary>
    /// <param name="apply">Runs on the writer thread inside the group's transaction; throws to refuse the write.</param>
    /// <param name="records">How many records the write holds, for the metrics.</param>
    /// <param name="cancellationToken">Withdraws the write while it still waits for room or for the writer.</param>
    public async Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> apply, int records, CancellationToken cancellationToken)
    {
        var write = new SqliteWrite<T>(apply, records);
        try
        {
            // Waits while the queue is full: back-pressure instead of unbounded memory.
            await _queue.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteJournal), $"The SQLite journal {_path} is closed.");
        }

        SqliteTelemetry.QueuedWrites.Add(1, _tags);
        write.WithdrawOn(cancellationToken);
        return await write.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking writes, finishes every queued one, and stops the thread.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _context.Dispose();
    }

    private void Run()
    {
        var group = new List<SqliteWrite>(Math.Min(_maxWritesPerCommit, 4096));
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < _maxWritesPerCommit && reader.TryRead(out var write))
            {
                SqliteTelemetry.QueuedWrites.Add(-1, _tags);
                if (write.TryStart())
                {
                    group.Add(write);
                }
            }

            if (group.Count > 0)
            {
                Commit(group);
            }
        }
    }

    private void Commit(List<SqliteWrite> group)
    {
        var started = _time.GetTimestamp();
        var refusals = new Exception?[group.Count];
        var records = 0;
        try
        {
            // BEGIN IMMEDIATE takes the database's write lock before the first read, so every check a write makes
            // (is this id recorded? is this coin held?) sees the state its own insert will change, even when another
            // process shares the file.
            using var transaction = _context.Connection.BeginTransaction(deferred: false);
            _context.Transaction = transaction;
            var isolate = group.Count > 1;
            for (var i = 0; i < group.Count; i++)
            {
                if (isolate)
                {
                    _context.RawStatement(SaveSql).Execute();
                }

                try
                {
                    group[i].Apply(_context);
                    records += group[i].Records;
                    if (isolate)
                    {
                        _context.RawStatement(ReleaseSql).Execute();
                    }
                }
                catch (Exception refusal) when (refusal is not SqliteException { SqliteErrorCode: 10 or 11 or 13 })
                {
                    // The write refused itself (bad input, a conflict) or hit a statement error: undo it alone.
                    // Disk I/O errors, corruption and a full disk (10, 11, 13) fail the whole commit instead.
                    if (isolate)
                    {
                        _context.RawStatement(RollbackSql).Execute();
                        _context.RawStatement(ReleaseSql).Execute();
                    }

                    refusals[i] = refusal;
                    Log.WriteRefused(_logger, _path, refusal.Message);
                }
            }

            if (!isolate && refusals[0] is not null)
            {
                transaction.Rollback();
            }
            else
            {
                transaction.Commit();
            }
        }
        catch (Exception failure)
        {
            SqliteTelemetry.FailedCommits.Add(1, _tags);
            Log.CommitFailed(_logger, failure, group.Count, _path);
            foreach (var write in group)
            {
                write.Fail(failure);
            }

            return;
        }
        finally
        {
            _context.Transaction = null;
        }

        SqliteTelemetry.Commits.Add(1, _tags);
        SqliteTelemetry.Records.Add(records, _tags);
        SqliteTelemetry.WritesPerCommit.Record(group.Count, _tags);
        SqliteTelemetry.CommitDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _tags);
        for (var i = 0; i < group.Count; i++)
        {
            if (refusals[i] is { } refusal)
            {
                group[i].Fail(refusal);
            }
            else
            {
                group[i].Succeed();
            }
        }
    }
}
