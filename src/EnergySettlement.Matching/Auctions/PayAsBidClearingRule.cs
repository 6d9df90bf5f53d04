namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// Pay-as-bid (discriminatory) call auction: the same orders and quantities as <see cref="UniformPriceClearingRule"/>,
/// but each order trades at its own limit price.
/// </summary>
/// <remarks>
/// <para>Who pays what: a buyer pays its own bid × its filled Wh; a seller receives its own ask × its filled Wh. Every
/// filled buyer bid is at or above the uniform price and every filled seller ask at or below it, so buyers pay at
/// least what sellers receive; the difference (the bid–ask spread, in tick·Wh) is the market operator's surplus, a
/// named counterparty, so that paid = received + operator surplus exactly, with no rounding (integer ticks × integer
/// Wh). <see cref="ClearingValidation.OperatorSurplus"/> reports it; the host decides whether the operator keeps it or
/// redistributes it.</para>
/// <para>The result declares no uniform clearing price (<see cref="ClearingResult.ClearingPriceTick"/> is
/// <see langword="null"/>). Same complexity, determinism and thread-safety as the uniform rule.</para>
/// </remarks>
public sealed class PayAsBidClearingRule : ClearingRule
{
    /// <summary>Gets a shared instance (the rule is stateless).</summary>
    public static PayAsBidClearingRule Instance { get; } = new();

    /// <inheritdoc/>
    /// <value><c>pay-as-bid</c>.</value>
    public override string Name => "pay-as-bid";

    /// <inheritdoc/>
    public override void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result) =>
        CallAuctionClearing.Clear(orders, result, payAsBid: true);

    /// <inheritdoc/>
    /// <remarks>
    /// With one zone this is the single-zone clearing. With more, the zonal clearing: fills that maximise welfare (buyers'
    /// limits minus sellers' limits minus network fees) within the transfer limits — then the most energy, then the least
    /// energy moved between zones — one price per zone with trades, and the transfers between zones; see docs/clearing.md.
    /// </remarks>
    /// <exception cref="ArgumentException">An order names a zone outside <paramref name="network"/>.</exception>
    public override void Clear(ReadOnlySpan<AuctionOrder> orders, ZoneNetwork network, ClearingResult result)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.ZoneCount == 1)
        {
            Clear(orders, result);
            return;
        }

        ZonalClearing.Clear(orders, network, result, payAsBid: true);
    }
}
