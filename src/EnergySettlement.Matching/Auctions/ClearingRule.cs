namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// A call-auction clearing rule: turns the orders collected in a book into fills. Built-in rules are
/// <see cref="UniformPriceClearingRule"/> and <see cref="PayAsBidClearingRule"/>; a host can derive its own.
/// </summary>
/// <remarks>
/// <para>
/// This is an abstract class rather than an interface so that members can be added later (zonal grid-fee
/// matrices, feeder capacity limits, order attributes such as green-only or preferred partners are planned) as
/// virtual members with a default, without breaking rules that hosts have already written — the same reason
/// Polly's <c>ResilienceStrategy</c> and OpenTelemetry's <c>BaseExporter&lt;T&gt;</c> are classes.
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

    /// <inheritdoc/>
    public override string ToString() => Name;
}
