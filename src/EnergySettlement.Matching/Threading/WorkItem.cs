namespace EnergySettlement.Matching;

/// <summary>What a worker's queue carries: a command, a new book, or a gate-closure sweep.</summary>
internal readonly struct WorkItem
{
    private WorkItem(Command command, OrderBook? book, long now, bool closeDue)
    {
        Command = command;
        Book = book;
        Now = now;
        IsCloseDue = closeDue;
    }

    public Command Command { get; }

    public OrderBook? Book { get; }

    public long Now { get; }

    public bool IsCloseDue { get; }

    public static WorkItem ForCommand(in Command command) => new(command, null, 0, false);

    public static WorkItem ForBook(OrderBook book) => new(default, book, 0, false);

    public static WorkItem ForCloseDue(long now) => new(default, null, now, true);
}
