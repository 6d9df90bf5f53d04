namespace EnergySettlement.Matching;

/// <summary>What a worker's queue carries: a command, a new book, a book's removal, or a gate-closure sweep.</summary>
internal readonly struct WorkItem
{
    private WorkItem(Command command, OrderBook? book, long now, bool closeDue, bool removal = false)
    {
        Command = command;
        Book = book;
        Now = now;
        IsCloseDue = closeDue;
        IsRemoval = removal;
    }

    public Command Command { get; }

    public OrderBook? Book { get; }

    public long Now { get; }

    public bool IsCloseDue { get; }

    /// <summary>Gets whether the item removes the book <see cref="Command"/>'s <see cref="Command.BookId"/> names.</summary>
    public bool IsRemoval { get; }

    public static WorkItem ForCommand(in Command command) => new(command, null, 0, false);

    public static WorkItem ForBook(OrderBook book) => new(default, book, 0, false);

    public static WorkItem ForCloseDue(long now) => new(default, null, now, true);

    public static WorkItem ForRemoval(int bookId) => new(Command.CloseGate(bookId, 0), null, 0, false, removal: true);
}
