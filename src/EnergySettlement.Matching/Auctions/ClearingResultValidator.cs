namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// The engine-side guard: re-checks any <see cref="ClearingRule"/>'s result against the orders before it is
/// accepted, so that a host-provided rule cannot manipulate the market.
/// </summary>
/// <remarks>
/// <para>Checks, in this order, each fill: it references a real order (index in range and the same id), its quantity is
/// positive, its order is not filled beyond its quantity over all its fills, and its price respects the order's
/// limit (a buyer pays at most its limit, a seller receives at least its limit); when the result declares a
/// uniform clearing price, every fill trades at it. Then the totals: energy bought equals energy sold, and buyers pay
/// at least what sellers receive (no money is created). The first failure is returned as a typed reason.</para>
/// <para>O(fills) time while the fills list their orders in ascending index, as the built-in rules do; otherwise
/// O(orders + fills) with a per-order working array, allocation-free once it has grown to the largest book seen.
/// Not thread-safe: use one instance per book or worker thread.</para>
/// </remarks>
public sealed class ClearingResultValidator
{
    private long[] filled = [];

    /// <summary>Validates <paramref name="result"/> against the <paramref name="orders"/> it was cleared from.</summary>
    /// <param name="orders">The orders given to the rule.</param>
    /// <param name="result">The rule's proposed result.</param>
    /// <returns>The verdict: accepted with totals, or the first rejection reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public ClearingValidation Validate(ReadOnlySpan<AuctionOrder> orders, ClearingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Validate(orders, result.Fills, result.ClearingPriceTick);
    }

    /// <summary>Validates fills given as a span against the <paramref name="orders"/> they were cleared from.</summary>
    /// <param name="orders">The orders given to the rule.</param>
    /// <param name="fills">The proposed fills.</param>
    /// <param name="clearingPriceTick">The declared uniform price, or <see langword="null"/> for none.</param>
    /// <returns>The verdict: accepted with totals, or the first rejection reason.</returns>
    /// <exception cref="OverflowException">The orders' quantities on one side add up beyond <see cref="long.MaxValue"/> Wh.</exception>
    public ClearingValidation Validate(ReadOnlySpan<AuctionOrder> orders, ReadOnlySpan<AuctionFill> fills, long? clearingPriceTick)
    {
        // While the fills name their orders in strictly ascending index (the built-in rules list them so), no order has
        // had an earlier fill and the over-fill check needs no per-order running total; the first fill out of that order
        // switches to the running totals, rebuilt from the fills checked so far. Both give the same verdict.
        Span<long> perOrder = default;
        var ascending = true;
        var previous = -1;
        var completed = 0;
        long bought = 0;
        long sold = 0;
        var paid = Int128.Zero;
        var received = Int128.Zero;
        FillsAscending = false;
        CompletedOrders = 0;
        for (var i = 0; i < fills.Length; i++)
        {
            ref readonly var fill = ref fills[i];
            if ((uint)fill.OrderIndex >= (uint)orders.Length)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.UnknownOrder, i);
            }

            ref readonly var order = ref orders[fill.OrderIndex];
            if (order.OrderId != fill.OrderId)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.OrderIdMismatch, i);
            }

            if (fill.Quantity <= 0)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.NonPositiveQuantity, i);
            }

            long already = 0;
            if (ascending && fill.OrderIndex > previous)
            {
                previous = fill.OrderIndex;
            }
            else
            {
                if (ascending)
                {
                    ascending = false;
                    perOrder = RunningTotals(orders.Length, fills[..i]);
                }

                already = perOrder[fill.OrderIndex];
            }

            // Remaining room is computed by subtraction so that no sum can overflow.
            var room = order.Quantity - already;
            if (fill.Quantity > room)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.Overfilled, i);
            }

            if (!ascending)
            {
                perOrder[fill.OrderIndex] += fill.Quantity;
            }

            completed += fill.Quantity == room ? 1 : 0;
            var withinLimit = order.Side == Side.Buy ? fill.PriceTick <= order.PriceTick : fill.PriceTick >= order.PriceTick;
            if (!withinLimit)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.LimitPriceViolated, i);
            }

            if (clearingPriceTick is long uniform && fill.PriceTick != uniform)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.PriceNotUniform, i);
            }

            var money = (Int128)fill.Quantity * fill.PriceTick;
            if (order.Side == Side.Buy)
            {
                bought = checked(bought + fill.Quantity);
                paid += money;
            }
            else
            {
                sold = checked(sold + fill.Quantity);
                received += money;
            }
        }

        if (bought != sold)
        {
            return ClearingValidation.Rejected(ClearingRejectionReason.EnergyImbalance, -1);
        }

        if (paid < received)
        {
            return ClearingValidation.Rejected(ClearingRejectionReason.BudgetDeficit, -1);
        }

        FillsAscending = ascending;
        CompletedOrders = completed;
        return ClearingValidation.Accepted(bought, paid, received);
    }

    /// <summary>
    /// Gets whether the last accepted result listed its fills in strictly ascending order index (at most one fill per
    /// order); <see langword="false"/> after a rejection.
    /// </summary>
    internal bool FillsAscending { get; private set; }

    /// <summary>Gets how many orders the last accepted result fills completely; 0 after a rejection.</summary>
    internal int CompletedOrders { get; private set; }

    /// <summary>The quantity each order has been filled by <paramref name="fills"/>, in a reused array.</summary>
    private Span<long> RunningTotals(int orderCount, ReadOnlySpan<AuctionFill> fills)
    {
        if (filled.Length < orderCount)
        {
            filled = new long[Math.Max(orderCount, filled.Length * 2)];
        }

        var perOrder = filled.AsSpan(0, orderCount);
        perOrder.Clear();
        foreach (ref readonly var fill in fills)
        {
            perOrder[fill.OrderIndex] += fill.Quantity;
        }

        return perOrder;
    }
}
