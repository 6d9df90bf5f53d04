using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching;

/// <summary>
/// The fixed shape of one order book: its price band, capacity, self-trade rule, mode, gate closure and grid zones.
/// </summary>
/// <remarks>
/// Memory is reserved up front so that the steady state never allocates: about 8 bytes per tick of the band per side,
/// and 48 bytes per order of <see cref="Capacity"/> (a 40-byte order slot plus 8 bytes of id index at load factor ½);
/// a <see cref="BookMode.CallAuction"/> book reserves another 124 bytes per order of capacity (a second order slot, so
/// that cancel-and-replace churn keeps arrival order in slot order, and its clearing buffers). A continuous book with a
/// <see cref="ZoneNetwork"/> of more than one zone keeps one price ladder per zone and side (8 bytes per tick per zone per
/// side) and 8 more bytes per order of capacity (its arrival sequence, for time priority across zones).
/// <see cref="OrderBook.ReservedBytes"/> reports the total.
/// An options object is read once when a book is built; changing it afterwards has no effect on that book.
/// </remarks>
public sealed class OrderBookOptions
{
    /// <summary>The largest band a book accepts, in ticks (<see cref="MaxTick"/> − <see cref="MinTick"/> + 1).</summary>
    public const long MaxBandTicks = 1L << 24;

    /// <summary>The largest <see cref="Capacity"/> a book accepts.</summary>
    public const int MaxCapacity = 1 << 28;

    /// <summary>Gets or sets the book's id, echoed in every event and used by <see cref="MatchingEngine"/> to route commands.</summary>
    /// <value>The default is 0.</value>
    public int BookId { get; set; }

    /// <summary>Gets or sets the lowest acceptable price, in ticks; a sell market order is priced here.</summary>
    /// <value>The default is 0.</value>
    public long MinTick { get; set; }

    /// <summary>Gets or sets the highest acceptable price, in ticks; a buy market order is priced here.</summary>
    /// <value>The default is 10,000.</value>
    public long MaxTick { get; set; } = 10_000;

    /// <summary>Gets or sets how many orders may rest in the book at once; a limit order beyond it is rejected with <see cref="RejectReason.BookFull"/>.</summary>
    /// <value>The default is 65,536.</value>
    public int Capacity { get; set; } = 65_536;

    /// <summary>Gets or sets what happens when a participant's orders would trade with each other.</summary>
    /// <value>The default is <see cref="SelfTradePrevention.CancelNewest"/>.</value>
    public SelfTradePrevention SelfTradePrevention { get; set; } = SelfTradePrevention.CancelNewest;

    /// <summary>Gets or sets whether the book matches continuously or collects orders for a call auction.</summary>
    /// <value>The default is <see cref="BookMode.Continuous"/>.</value>
    public BookMode Mode { get; set; } = BookMode.Continuous;

    /// <summary>
    /// Gets or sets the rule a <see cref="BookMode.CallAuction"/> book clears through on <see cref="CommandKind.Uncross"/>.
    /// Whatever it proposes is re-validated against the book (<see cref="ClearingResultValidator"/>) before anything is applied.
    /// </summary>
    /// <value>The default is <see langword="null"/>, meaning <see cref="UniformPriceClearingRule.Instance"/>. Ignored by continuous books.</value>
    public ClearingRule? ClearingRule { get; set; }

    /// <summary>
    /// Gets or sets the gate closure time in the caller's time unit (the same unit as <see cref="Command.Timestamp"/>).
    /// The first command whose timestamp is at or after it closes the book (every resting order expires) and is rejected.
    /// </summary>
    /// <value>The default is <see cref="long.MaxValue"/> (the book only closes on an explicit <see cref="CommandKind.CloseGate"/>).</value>
    public long GateClosure { get; set; } = long.MaxValue;

    /// <summary>
    /// Gets or sets the grid the book matches on: its zones, the network fee between each pair of zones (in this book's
    /// price ticks per kWh) and the transfer limits per delivery period (Wh). Orders name their zone in
    /// <see cref="Command.Attributes"/>. Share one instance between the books of a market.
    /// </summary>
    /// <value>The default is <see langword="null"/>: one zone, no fees, no limits (the same as <see cref="ZoneNetwork.SingleZone"/>).</value>
    public ZoneNetwork? ZoneNetwork { get; set; }

    /// <summary>Checks the options and throws if they cannot describe a book.</summary>
    /// <exception cref="ArgumentException">The band is empty or wider than <see cref="MaxBandTicks"/>, the capacity is not in 1..<see cref="MaxCapacity"/>, or an enum value is undefined.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxTick < MinTick)
        {
            errors.Add($"MaxTick ({MaxTick}) must be at least MinTick ({MinTick}).");
        }
        else if ((ulong)(MaxTick - MinTick) >= (ulong)MaxBandTicks)
        {
            errors.Add($"The band MinTick..MaxTick must span at most {MaxBandTicks} ticks; found {MinTick}..{MaxTick}.");
        }

        if (Capacity < 1 || Capacity > MaxCapacity)
        {
            errors.Add($"Capacity must be between 1 and {MaxCapacity}; found {Capacity}.");
        }

        if (!Enum.IsDefined(SelfTradePrevention))
        {
            errors.Add($"SelfTradePrevention {SelfTradePrevention} is not defined.");
        }

        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"Mode {Mode} is not defined.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid order book options: " + string.Join(" ", errors));
        }
    }

    /// <summary>Returns a copy of these options.</summary>
    /// <returns>A new options object with the same values.</returns>
    public OrderBookOptions Clone() => (OrderBookOptions)MemberwiseClone();
}
