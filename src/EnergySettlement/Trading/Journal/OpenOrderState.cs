namespace EnergySettlement.Trading;

/// <summary>An order the market operator admitted and that has not left its book: the mirror of the engine's resting order.</summary>
internal sealed class OpenOrderState
{
    public OpenOrderState(Order order, BookState book, long priceTick, int attributes, long arrival)
    {
        Order = order;
        Book = book;
        PriceTick = priceTick;
        Attributes = attributes;
        Arrival = arrival;
        Remaining = order.Quantity.WattHours;
    }

    public Order Order { get; }

    public BookState Book { get; }

    public long PriceTick { get; }

    public int Attributes { get; }

    /// <summary>The journal sequence of the order's placement: time priority within a price (a reduce keeps it).</summary>
    public long Arrival { get; }

    /// <summary>What is open of the order, in Wh.</summary>
    public long Remaining { get; set; }
}
