namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// A call-auction clearing rule: turns the orders collected in a book into fills. Built-in rules are
/// <see cref="UniformPriceClearingRule"/> and <see cref="PayAsBidClearingRule"/>; a host can derive its own.
/// </summary>
/// <remarks>
/// <para>
/// This is an abstract class rather than an interface so that members can be added later as virtual members with a
/// default, without breaking rules that hosts have already written — the same reason Polly's <c>ResilienceStrategy</c>
/// and OpenTelemetry's <c>BaseExporter&lt;T&gt;</c> are classes. The zonal overload of <see cref="Clear(ReadOnlySpan{AuctionOrder}, ZoneNetwork, ClearingResult)"/>
/// was added that way.
/// </para>
/// <para>
/// The engine never trusts a rule: every result is re-checked by <see cref="ClearingResultValidator"/> before
/// it is accepted, so a faulty or hostile rule cannot create energy, overfill an order or trade beyond a limit.
/// Built-in rules are stateless and thread-safe; their working memory lives in the caller's
/// <see cref="ClearingResult"/>.
/// </para>
/// </remarks>
public abstract class ClearingRule
{
    /// <summary>Initialises a rule.</summary>
    protected ClearingRule()
    {
    }

    /// <summary>Gets a short, stable name of the rule for logs and audit records (for example <c>uniform-price</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Clears <paramref name="orders"/> into <paramref name="result"/>: resets it, then adds the fills and, for a
    /// uniform-price rule, the clearing price.
    /// </summary>
    /// <param name="orders">The orders collected for the auction; not modified.</param>
    /// <param name="result">The caller-owned buffer to fill; reused across calls.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public abstract void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result);

    /// <summary>
    /// Clears orders from the zones of a grid into <paramref name="result"/>: fills, and for a zonal rule each zone's price
    /// and the energy moved between zones (<see cref="ClearingResult.AddTransfer"/>), within the network's transfer limits.
    /// A call-auction book with more than one zone calls this overload, with its network's limits lowered to the room
    /// its earlier uncrosses of the period left; the <paramref name="network"/> is valid only during the call.
    /// </summary>
    /// <param name="orders">The orders collected for the auction, each naming its zone (<see cref="AuctionOrder.Zone"/>); not modified.</param>
    /// <param name="network">The zones, network fees (ticks per kWh) and transfer limits (Wh) to clear within.</param>
    /// <param name="result">The caller-owned buffer to fill; reused across calls.</param>
    /// <remarks>
    /// The default ignores the network and calls <see cref="Clear(ReadOnlySpan{AuctionOrder}, ClearingResult)"/>: right for
    /// a rule that trades only within each zone. A result that moves energy between zones without declaring the transfers
    /// fails validation (<see cref="ClearingRejectionReason.ZoneImbalance"/>), so a rule that does not know about zones
    /// cannot break the grid's limits. <see cref="UniformPriceClearingRule"/> and <see cref="PayAsBidClearingRule"/>
    /// override it with the zonal clearing.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="result"/> is <see langword="null"/>.</exception>
    public virtual void Clear(ReadOnlySpan<AuctionOrder> orders, ZoneNetwork network, ClearingResult result)
    {
        ArgumentNullException.ThrowIfNull(network);
        Clear(orders, result);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
