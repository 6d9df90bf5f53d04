namespace EnergySettlement.PostgreSql.Writing;

/// <summary>
/// One caller's write, waiting in the writer's queue: it runs inside a group commit (perhaps more than once, when the
/// commit lost a race with another host and runs again) and its caller is answered only after a commit is durable.
/// Until the writer starts it, the caller's token can withdraw it.
/// </summary>
internal abstract class PostgreSqlWrite
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Withdrawn = 2;

    private int _state;

    protected PostgreSqlWrite(int records) => Records = records;

    /// <summary>Gets how many records the write holds (for the records counter).</summary>
    public int Records { get; }

    /// <summary>Gets the batcher that may apply this write together with its neighbours of the same kind, or
    /// <see langword="null"/> when the write runs on its own through <see cref="ApplyAsync"/>.</summary>
    public virtual PostgreSqlWriteBatcher? Batcher => null;

    /// <summary>Claims the write for the writer; false when its caller withdrew it first.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    /// <summary>Runs the write inside the group's transaction, keeping its result for later. It must check before it
    /// writes: a write that refuses itself (throws) after writing would poison the group, which the writer detects
    /// through <see cref="PostgreSqlWriteContext.HasWritten"/>.</summary>
    public abstract Task ApplyAsync(PostgreSqlWriteContext context);

    /// <summary>Answers the caller after the commit: the kept result.</summary>
    public abstract void Succeed();

    /// <summary>Answers the caller with an error: its own refusal, or the group's failed commit.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Withdraws the write if the writer has not started it.</summary>
    protected bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;
}

/// <summary>A write whose caller waits for a result of type <typeparamref name="T"/>.</summary>
internal class PostgreSqlWrite<T> : PostgreSqlWrite
{
    private readonly Func<PostgreSqlWriteContext, Task<T>>? _apply;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _cancellation;
    private T? _result;

    public PostgreSqlWrite(Func<PostgreSqlWriteContext, Task<T>> apply, int records)
        : base(records) => _apply = apply;

    /// <summary>For a derived write that overrides <see cref="ApplyAsync"/> and keeps its result with <see cref="SetResult"/>.</summary>
    protected PostgreSqlWrite(int records)
        : base(records)
    {
    }

    public Task<T> Task => _completion.Task;

    /// <summary>Lets <paramref name="cancellationToken"/> withdraw the write while it still waits in the queue.</summary>
    public void WithdrawOn(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var write = (PostgreSqlWrite<T>)state!;
                    if (write.TryWithdraw())
                    {
                        write._completion.TrySetCanceled(token);
                    }
                },
                this);
        }
    }

    public override async Task ApplyAsync(PostgreSqlWriteContext context) =>
        _result = await (_apply ?? throw new InvalidOperationException("This write must override ApplyAsync."))(context).ConfigureAwait(false);

    /// <summary>Keeps the result a <see cref="PostgreSqlWriteBatcher"/> worked out, for <see cref="Succeed"/>.</summary>
    public void SetResult(T result) => _result = result;

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
