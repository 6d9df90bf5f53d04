using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EnergySettlement.PostgreSql.Writing;

/// <summary>
/// The journal's writer: one loop, group commits. Concurrent callers' writes wait in a bounded queue; the loop takes as
/// many as are waiting (up to the configured maximum), runs them one after another in one <c>READ COMMITTED</c>
/// transaction, commits once, and only then answers every caller.
/// </summary>
/// <remarks>
/// <para>Each write checks before it writes, so a write that refuses itself (bad input, a conflict) leaves the
/// transaction clean and fails alone. When another host wins a race meanwhile — a unique key it inserted first
/// (<c>23505</c>), a deadlock (<c>40P01</c>) or a serialization failure (<c>40001</c>) — the whole group is rolled back
/// and run again, and every write re-checks against the winner's rows (up to <c>MaxCommitRetries</c> times). Any other
/// failure inside the group rolls it back and runs each write on its own transaction, so only the failing write fails.
/// When the commit itself fails (the connection broke), every write in it gets the error: it may or may not have been
/// committed, and a repeat of the same write is safe (same content is "already exists").</para>
/// <para>Thread-safe.</para>
/// </remarks>
internal sealed class PostgreSqlWriter : IDisposable
{
    private readonly Channel<PostgreSqlWrite> _queue;
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxWritesPerCommit;
    private readonly int _maxRetries;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _schema;
    private readonly TagList _tags;
    private readonly Task _loop;

    public PostgreSqlWriter(NpgsqlDataSource dataSource, PostgreSqlJournalOptions options, TimeProvider time, ILogger logger)
    {
        _dataSource = dataSource;
        _maxWritesPerCommit = options.MaxWritesPerCommit;
        _maxRetries = options.MaxCommitRetries;
        _time = time;
        _logger = logger;
        _schema = options.Schema;
        _tags = new TagList { PostgreSqlTelemetry.DbSystem, new("db.namespace", options.Schema) };
        _queue = Channel.CreateBounded<PostgreSqlWrite>(new BoundedChannelOptions(options.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    private enum Outcome
    {
        Committed,
        LostRace,
        WriteFailed,
    }

    /// <summary>Queues a write and completes when it is durable (or refused, or its commit failed).</summary>
    public Task<T> WriteAsync<T>(Func<PostgreSqlWriteContext, Task<T>> apply, int records, CancellationToken cancellationToken) =>
        WriteAsync(new PostgreSqlWrite<T>(apply, records), cancellationToken);

    /// <summary>Queues a prepared write (one a <see cref="PostgreSqlWriteBatcher"/> may apply with its neighbours) and
    /// completes when it is durable (or refused, or its commit failed).</summary>
    public async Task<T> WriteAsync<T>(PostgreSqlWrite<T> write, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(PostgreSqlJournal), $"The PostgreSQL journal in schema {_schema} is closed.");
        }

        PostgreSqlTelemetry.QueuedWrites.Add(1, _tags);
        write.WithdrawOn(cancellationToken);
        return await write.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking writes, finishes every queued one, and stops the loop.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private static bool IsLostRace(PostgresException error) => error.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private static bool IsRefusal(Exception error) => error is ArgumentException or IdempotencyConflictException or InvalidOperationException;

    private async Task RunAsync()
    {
        var group = new List<PostgreSqlWrite>(Math.Min(_maxWritesPerCommit, 4096));
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _maxWritesPerCommit && reader.TryRead(out var write))
            {
                PostgreSqlTelemetry.QueuedWrites.Add(-1, _tags);
                if (write.TryStart())
                {
                    group.Add(write);
                }
            }

            if (group.Count > 0)
            {
                await CommitAsync(group).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitAsync(List<PostgreSqlWrite> group)
    {
        for (var attempt = 1; ; attempt++)
        {
            var refusals = new Exception?[group.Count];
            (Outcome Outcome, Exception? Failure) result;
            try
            {
                result = await TryCommitAsync(group, refusals).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Opening, committing or the connection failed: nothing tells whether the commit happened.
                PostgreSqlTelemetry.FailedCommits.Add(1, _tags);
                Log.CommitFailed(_logger, error, group.Count, _schema);
                foreach (var write in group)
                {
                    write.Fail(error);
                }

                return;
            }

            switch (result.Outcome)
            {
                case Outcome.Committed:
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

                    return;
                case Outcome.LostRace when attempt <= _maxRetries:
                    PostgreSqlTelemetry.RetriedCommits.Add(1, _tags);
                    Log.CommitRetried(_logger, group.Count, _schema, (result.Failure as PostgresException)?.SqlState ?? "?", attempt);
                    continue;
            }

            var failure = result.Failure!;

            if (group.Count > 1)
            {
                // Something other than a refusal failed inside the group: run each write alone, so only it fails.
                Log.CommitSplit(_logger, failure, _schema, group.Count);
                foreach (var write in group)
                {
                    await CommitAsync([write]).ConfigureAwait(false);
                }
            }
            else
            {
                PostgreSqlTelemetry.FailedCommits.Add(1, _tags);
                group[0].Fail(failure);
            }

            return;
        }
    }

    /// <summary>Runs the group in one transaction. Returns <see cref="Outcome.Committed"/> with each write's refusal (if
    /// any) in <paramref name="refusals"/>, or how it failed before the commit (the transaction is rolled back).</summary>
    private async Task<(Outcome Outcome, Exception? Failure)> TryCommitAsync(List<PostgreSqlWrite> group, Exception?[] refusals)
    {
        var started = _time.GetTimestamp();
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);

        // READ COMMITTED: every statement sees what was committed before it ran, so each write's checks see the other
        // hosts' committed rows; the unique keys refuse a racing insert (23505), and the group runs again to re-check.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted).ConfigureAwait(false);
        var context = new PostgreSqlWriteContext(connection, transaction);
        var records = 0;
        for (var i = 0; i < group.Count; i++)
        {
            context.HasWritten = false;
            if (group[i].Batcher is { } batcher)
            {
                // A run of consecutive writes of one kind: applied together, each checked as if alone and in order.
                var end = i + 1;
                while (end < group.Count && ReferenceEquals(group[end].Batcher, batcher))
                {
                    end++;
                }

                try
                {
                    await batcher.ApplyAsync(context, group, i, end - i, refusals).ConfigureAwait(false);
                }
                catch (PostgresException error) when (IsLostRace(error))
                {
                    return (Outcome.LostRace, error);
                }
                catch (Exception error) when (error is not NpgsqlException { IsTransient: true } && error is not OutOfMemoryException)
                {
                    return (Outcome.WriteFailed, error);
                }

                for (; i < end; i++)
                {
                    if (refusals[i] is { } refusal)
                    {
                        Log.WriteRefused(_logger, _schema, refusal.Message);
                    }
                    else
                    {
                        records += group[i].Records;
                    }
                }

                i--;
                continue;
            }

            try
            {
                await group[i].ApplyAsync(context).ConfigureAwait(false);
                records += group[i].Records;
            }
            catch (Exception refusal) when (IsRefusal(refusal) && !context.HasWritten)
            {
                refusals[i] = refusal;
                Log.WriteRefused(_logger, _schema, refusal.Message);
            }
            catch (PostgresException error) when (IsLostRace(error))
            {
                return (Outcome.LostRace, error);
            }
            catch (Exception error) when (error is not NpgsqlException { IsTransient: true } && error is not OutOfMemoryException)
            {
                return (Outcome.WriteFailed, error);
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        PostgreSqlTelemetry.Commits.Add(1, _tags);
        PostgreSqlTelemetry.Records.Add(records, _tags);
        PostgreSqlTelemetry.WritesPerCommit.Record(group.Count, _tags);
        PostgreSqlTelemetry.CommitDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _tags);
        return (Outcome.Committed, null);
    }
}
