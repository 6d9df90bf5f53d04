namespace EnergySettlement.Sqlite.Writing;

/// <summary>
/// One caller's write, waiting in the writer's queue: it runs inside a group commit and its caller is answered only
/// after that commit is durable. Until the writer starts it, the caller's token can withdraw it.
/// </summary>
internal abstract class SqliteWrite
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Withdrawn = 2;

    private int _state;

    protected SqliteWrite(int records) => Records = records;

    /// <summary>Gets how many records the write holds (for the records counter).</summary>
    public int Records { get; }

    /// <summary>Claims the write for the writer; false when its caller withdrew it first.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    /// <summary>Runs the write inside the group's transaction (within its own savepoint), keeping its result for later.</summary>
    public abstract void Apply(SqliteWriteContext context);

    /// <summary>Answers the caller after the commit: the kept result.</summary>
    public abstract void Succeed();

    /// <summary>Answers the caller with an error: its own refusal, or the group's failed commit.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Withdraws the write if the writer has not started it.</summary>
    protected bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;
}

/// <summary>A write whose caller waits for a result of type <typeparamref name="T"/>.</summary>
internal sealed class SqliteWrite<T> : SqliteWrite
{
    private readonly Func<SqliteWriteContext, T> _apply;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _cancellation;
    private T? _result;

    public SqliteWrite(Func<SqliteWriteContext, T> apply, int records)
        : base(records) => _apply = apply;

    public Task<T> Task => _completion.Task;

    /// <summary>Lets <paramref name="cancellationToken"/> withdraw the write while it still waits in the queue.</summary>
    public void WithdrawOn(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var write = (SqliteWrite<T>)state!;
                    if (write.TryWithdraw())
                    {
                        write._completion.TrySetCanceled(token);
                    }
                },
                this);
        }
    }

    public override void Apply(SqliteWriteContext context) => _result = _apply(context);

    public override void Succeed()
    {
        _cancellation.Dispose();
        _completion.TrySetResult(_result!);
    }

    public override void Fail(Exception error)
    {
        _cancellation.Dispose();
        _completion.TrySetException(error);
    }
}
