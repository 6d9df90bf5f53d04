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
/// <para>O(orders + fills) time; allocation-free once its working array has grown to the largest book seen.
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
        if (filled.Length < orders.Length)
        {
            filled = new long[Math.Max(orders.Length, filled.Length * 2)];
        }

        var perOrder = filled.AsSpan(0, orders.Length);
        perOrder.Clear();
        long bought = 0;
        long sold = 0;
        var paid = Int128.Zero;
        var received = Int128.Zero;
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

            // Remaining room is computed by subtraction so that no sum can overflow.
            if (fill.Quantity > order.Quantity - perOrder[fill.OrderIndex])
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.Overfilled, i);
            }

            perOrder[fill.OrderIndex] += fill.Quantity;
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

        return ClearingValidation.Accepted(bought, paid, received);
    }
}
