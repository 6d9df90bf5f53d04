namespace EnergySettlement.Matching;

/// <summary>
/// Many books driven synchronously on one thread: routes each command to its book by <see cref="Command.BookId"/> and
/// closes books at gate closure. Commands for an unknown book are rejected with <see cref="RejectReason.UnknownBook"/>.
/// </summary>
/// <remarks>
/// Thread-safety: not thread-safe; use it from one thread at a time, or use the threaded engine (ThreadedMatchingEngine).
/// Routing is a dictionary lookup, which does not allocate.
/// </remarks>
public sealed class MatchingEngine
{
    private readonly Dictionary<int, OrderBook> _books = [];
    private readonly List<OrderBook> _closing = [];

    /// <summary>Gets the number of books.</summary>
    public int BookCount => _books.Count;

    /// <summary>Creates and adds a book.</summary>
    /// <param name="options">The book's options; its <see cref="OrderBookOptions.BookId"/> must be new to this engine.</param>
    /// <returns>The new book.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid or the book id is already in use.</exception>
    public OrderBook AddBook(OrderBookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var book = new OrderBook(options);
        AddBook(book);
        return book;
    }

    /// <summary>Adds an existing book (for example one restored from a snapshot).</summary>
    /// <param name="book">The book; it must not be used elsewhere afterwards.</param>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A book with the same id is already in the engine.</exception>
    public void AddBook(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (!_books.TryAdd(book.BookId, book))
        {
            throw new ArgumentException($"A book with id {book.BookId} is already in the engine.", nameof(book));
        }
    }

    /// <summary>Removes a book (for example after its period settled). Later commands for it are rejected as unknown.</summary>
    /// <param name="bookId">The book id.</param>
    /// <returns><see langword="true"/> when the book was there.</returns>
    public bool RemoveBook(int bookId) => _books.Remove(bookId);

    /// <summary>Finds a book.</summary>
    /// <param name="bookId">The book id.</param>
    /// <param name="book">The book, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetBook(int bookId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OrderBook? book)
        => _books.TryGetValue(bookId, out book);

    /// <summary>Routes one command to its book; see <see cref="OrderBook.Process{TSink}(in Command, ref TSink)"/>.</summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="sink">Receives the events.</param>
    public void Process<TSink>(in Command command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (_books.TryGetValue(command.BookId, out OrderBook? book))
        {
            book.Process(in command, ref sink);
            return;
        }

        sink.OnEvent(MatchingEvent.Rejection(in command, RejectReason.UnknownBook));
    }

    /// <summary>
    /// Closes every open book whose gate closure is at or before <paramref name="now"/>, in ascending book id order,
    /// expiring their resting orders. Call it from the host's timer with the host's time; the engine reads no clock.
    /// </summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <param name="now">The host's current time, in the unit of the books' gate closures.</param>
    /// <param name="sink">Receives the expiry events.</param>
    /// <returns>The number of books closed.</returns>
    public int CloseDueBooks<TSink>(long now, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        _closing.Clear();
        foreach (OrderBook book in _books.Values)
        {
            if (!book.IsClosed && book.GateClosureTime <= now)
            {
                _closing.Add(book);
            }
        }

        _closing.Sort(static (a, b) => a.BookId.CompareTo(b.BookId));
        foreach (OrderBook book in _closing)
        {
            Command close = Command.CloseGate(book.BookId, now);
            book.Process(in close, ref sink);
        }

        int closed = _closing.Count;
        _closing.Clear();
        return closed;
    }
}
