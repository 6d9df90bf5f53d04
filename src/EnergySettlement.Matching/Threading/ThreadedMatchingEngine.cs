using System.Collections.Concurrent;

namespace EnergySettlement.Matching;

/// <summary>
/// The thread-safe front of the engine: any number of producer threads submit commands; books are partitioned across
/// <see cref="ThreadedMatchingEngineOptions.WorkerCount"/> workers by book id, each with a bounded queue (producers wait
/// when it is full) and its own sink. A book is only ever touched by its worker, one command at a time, in queue order.
/// </summary>
/// <typeparam name="TSink">The sink type; each worker gets its own instance from the factory and calls it on the worker's thread.</typeparam>
/// <remarks>
/// <para>Ordering: the commands one producer submits for one book are processed in submission order; commands from several
/// producers for the same book are processed in the order they entered the queue. Events reach a worker's sink in processing
/// order; events of books on different workers are not ordered relative to each other.</para>
/// <para>Thread-safety: every public member is thread-safe. The sink is called only from its worker.</para>
/// <para>Shutdown: <see cref="DisposeAsync"/> stops accepting commands, lets the workers drain their queues, and waits for
/// them; <see cref="StopAsync"/> does the same but abandons the queued commands if its token is cancelled. If a sink throws,
/// its worker stops and the exception surfaces from <see cref="Completion"/>, <see cref="StopAsync"/> and
/// <see cref="DisposeAsync"/>.</para>
/// </remarks>
public sealed class ThreadedMatchingEngine<TSink> : IAsyncDisposable
    where TSink : struct, IMatchingEventSink
{
    private readonly MatchingWorker<TSink>[] _workers;
    private readonly Task[] _running;
    private readonly ConcurrentDictionary<int, byte> _bookIds = new();
    private readonly CancellationTokenSource _abort = new();
    private int _stopped;
    private int _disposed;

    /// <summary>Creates the engine and starts its workers.</summary>
    /// <param name="options">The worker count and queue capacity.</param>
    /// <param name="sinkFactory">Creates the sink of each worker, given the worker's index (0-based).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ThreadedMatchingEngine(ThreadedMatchingEngineOptions options, Func<int, TSink> sinkFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sinkFactory);
        options.Validate();
        _workers = new MatchingWorker<TSink>[options.WorkerCount];
        _running = new Task[options.WorkerCount];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new MatchingWorker<TSink>(options.QueueCapacity, sinkFactory(i));
        }

        for (int i = 0; i < _workers.Length; i++)
        {
            MatchingWorker<TSink> worker = _workers[i];
            CancellationToken token = _abort.Token;
            _running[i] = Task.Run(() => worker.RunAsync(token), CancellationToken.None);
        }

        Completion = Task.WhenAll(_running);
    }

    /// <summary>Gets the number of workers.</summary>
    public int WorkerCount => _workers.Length;

    /// <summary>Gets a task that completes when every worker has stopped (faulted if a sink threw).</summary>
    public Task Completion { get; }

    /// <summary>Gets the worker that owns a book: the book id modulo <see cref="WorkerCount"/> (as unsigned).</summary>
    /// <param name="bookId">The book id.</param>
    /// <returns>The worker index.</returns>
    public int WorkerOf(int bookId) => (int)((uint)bookId % (uint)_workers.Length);

    /// <summary>
    /// Creates a book and hands it to its worker. Commands for it submitted afterwards by the same producer are processed
    /// after it exists.
    /// </summary>
    /// <param name="options">The book's options.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns>A task that completes when the book is queued.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid or the book id is already used.</exception>
    /// <exception cref="InvalidOperationException">The engine is stopping.</exception>
    public async ValueTask AddBookAsync(OrderBookOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var book = new OrderBook(options);
        if (!_bookIds.TryAdd(book.BookId, 0))
        {
            throw new ArgumentException($"A book with id {book.BookId} was already added.", nameof(options));
        }

        await WriteAsync(WorkerOf(book.BookId), WorkItem.ForBook(book), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes a book (for example once its gate has closed), freeing its memory. Commands for it queued before the removal
    /// are processed first; later ones are rejected with <see cref="RejectReason.UnknownBook"/>, and the id may be added again.
    /// </summary>
    /// <param name="bookId">The book id.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns><see langword="true"/> when the book had been added and is now queued for removal; <see langword="false"/> when no such book was added.</returns>
    /// <exception cref="InvalidOperationException">The engine is stopping.</exception>
    public async ValueTask<bool> RemoveBookAsync(int bookId, CancellationToken cancellationToken = default)
    {
        if (!_bookIds.ContainsKey(bookId))
        {
            return false;
        }

        // Queue the removal before forgetting the id: an AddBookAsync of the same id can then only queue behind it.
        await WriteAsync(WorkerOf(bookId), WorkItem.ForRemoval(bookId), cancellationToken).ConfigureAwait(false);
        return _bookIds.TryRemove(bookId, out _);
    }

    /// <summary>Submits a command, waiting while its worker's queue is full.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns>A task that completes when the command is queued (not processed).</returns>
    /// <exception cref="InvalidOperationException">The engine is stopping.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask SubmitAsync(Command command, CancellationToken cancellationToken = default)
        => WriteAsync(WorkerOf(command.BookId), WorkItem.ForCommand(in command), cancellationToken);

    /// <summary>Submits a command if its worker's queue has room, without waiting.</summary>
    /// <param name="command">The command.</param>
    /// <returns><see langword="false"/> when the queue is full or the engine is stopping.</returns>
    public bool TrySubmit(in Command command) => _workers[WorkerOf(command.BookId)].Queue.Writer.TryWrite(WorkItem.ForCommand(in command));

    /// <summary>Asks every worker to close its books whose gate closure is at or before <paramref name="now"/>.</summary>
    /// <param name="now">The host's time, in the books' gate-closure unit.</param>
    /// <param name="cancellationToken">Cancels waiting for queue space.</param>
    /// <returns>A task that completes when the request is queued on every worker.</returns>
    /// <exception cref="InvalidOperationException">The engine is stopping.</exception>
    public async ValueTask CloseDueBooksAsync(long now, CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < _workers.Length; i++)
        {
            await WriteAsync(i, WorkItem.ForCloseDue(now), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops accepting commands and waits until the workers have processed everything queued. If
    /// <paramref name="cancellationToken"/> is cancelled first, the workers abandon what is still queued.
    /// </summary>
    /// <param name="cancellationToken">Abandons the queued commands when cancelled.</param>
    /// <returns>A task that completes when the workers have stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            foreach (MatchingWorker<TSink> worker in _workers)
            {
                worker.Queue.Writer.TryComplete();
            }
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            await Completion.ConfigureAwait(false);
            return;
        }

        using CancellationTokenRegistration registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // The caller asked to abandon the queues; the workers stopped as asked.
        }
    }

    /// <summary>Stops accepting commands, drains the queues and waits for the workers.</summary>
    /// <returns>A task that completes when the workers have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _abort.Dispose();
        }
    }

    private async ValueTask WriteAsync(int worker, WorkItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _workers[worker].Queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException e)
        {
            throw new InvalidOperationException("The threaded matching engine is stopping (or a worker failed) and accepts no more commands.", e);
        }
    }
}
