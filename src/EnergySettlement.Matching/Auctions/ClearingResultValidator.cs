namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// The engine-side guard: re-checks any <see cref="ClearingRule"/>'s result against the orders (and the grid) before it is
/// accepted, so that a host-provided rule cannot manipulate the market or overload the network.
/// </summary>
/// <remarks>
/// <para>Checks, in this order, each fill: it references a real order (index in range and the same id), its quantity is
/// positive, its order is not filled beyond its quantity over all its fills, its price respects the order's limit (a
/// buyer pays at most its limit, a seller receives at least its limit), its order's zone is in the network; when the
/// result declares a uniform clearing price every fill trades at it, and when it declares zone prices every fill trades at
/// its zone's. Then each transfer: zones in the network and distinct, quantity positive. Then the totals: energy bought
/// equals energy sold; the transfers of each direction between two zones stay within its limit; in every zone, energy sold
/// minus bought equals transfers out minus in; the money totals fit 128 bits; buyers pay at least what sellers receive
/// plus the network fees (no money is created). The first failure is returned as a typed reason.</para>
/// <para>Quantities are added up in 128 bits, so no number of orders near <see cref="long.MaxValue"/> Wh overflows.
/// O(fills + transfers) while the fills list their orders in ascending index, as the built-in rules do; otherwise
/// O(orders + fills) with a per-order working array, allocation-free once it has grown to the largest book seen.
/// Not thread-safe: use one instance per book or worker thread.</para>
/// </remarks>
public sealed class ClearingResultValidator
{
    private long[] filled = [];
    private Int128[] pairTotals = [];

    /// <summary>Validates <paramref name="result"/> against the <paramref name="orders"/> it was cleared from, as one market (the orders' zones are not looked at).</summary>
    /// <param name="orders">The orders given to the rule.</param>
    /// <param name="result">The rule's proposed result.</param>
    /// <returns>The verdict: accepted with totals, or the first rejection reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public ClearingValidation Validate(ReadOnlySpan<AuctionOrder> orders, ClearingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Validate(orders, result.Fills, result.ClearingPriceTick, result, null);
    }

    /// <summary>Validates a zonal <paramref name="result"/> against its <paramref name="orders"/> and the grid it was cleared on.</summary>
    /// <param name="orders">The orders given to the rule.</param>
    /// <param name="result">The rule's proposed result.</param>
    /// <param name="network">The network the rule was given (with the limits it was given).</param>
    /// <returns>The verdict: accepted with totals, or the first rejection reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> or <paramref name="network"/> is <see langword="null"/>.</exception>
    public ClearingValidation Validate(ReadOnlySpan<AuctionOrder> orders, ClearingResult result, ZoneNetwork network)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(network);
        return Validate(orders, result.Fills, result.ClearingPriceTick, result, network);
    }

    /// <summary>Validates fills given as a span against the <paramref name="orders"/> they were cleared from, as one market (the orders' zones are not looked at).</summary>
    /// <param name="orders">The orders given to the rule.</param>
    /// <param name="fills">The proposed fills.</param>
    /// <param name="clearingPriceTick">The declared uniform price, or <see langword="null"/> for none.</param>
    /// <returns>The verdict: accepted with totals, or the first rejection reason.</returns>
    public ClearingValidation Validate(ReadOnlySpan<AuctionOrder> orders, ReadOnlySpan<AuctionFill> fills, long? clearingPriceTick)
        => Validate(orders, fills, clearingPriceTick, null, null);

    /// <summary>
    /// Gets whether the last accepted result listed its fills in strictly ascending order index (at most one fill per
    /// order); <see langword="false"/> after a rejection.
    /// </summary>
    internal bool FillsAscending { get; private set; }

    /// <summary>Gets how many orders the last accepted result fills completely; 0 after a rejection.</summary>
    internal int CompletedOrders { get; private set; }

    private ClearingValidation Validate(
        ReadOnlySpan<AuctionOrder> orders, ReadOnlySpan<AuctionFill> fills, long? clearingPriceTick, ClearingResult? result, ZoneNetwork? grid)
    {
        // Without a network every order counts as one market: zone 0 of a single-zone network.
        ZoneNetwork network = grid ?? ZoneNetwork.SingleZone;
        // While the fills name their orders in strictly ascending index (the built-in rules list them so), no order has
        // had an earlier fill and the over-fill check needs no per-order running total; the first fill out of that order
        // switches to the running totals, rebuilt from the fills checked so far. Both give the same verdict.
        Span<long> perOrder = default;
        int zones = network.ZoneCount;
        Span<Int128> netSold = stackalloc Int128[zones]; // per zone: energy sold − energy bought
        bool zonePrices = result is not null && result.HasZonePrices;
        var ascending = true;
        var previous = -1;
        var completed = 0;
        Int128 bought = 0;
        Int128 sold = 0;
        var paid = Int128.Zero;
        var received = Int128.Zero;
        long largestPrice = 0; // the largest |price| of a fill, to bound the money totals
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

            int zone = grid is null ? 0 : order.Zone;
            if (zone >= zones)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.UnknownZone, i);
            }

            if (clearingPriceTick is long uniform && fill.PriceTick != uniform)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.PriceNotUniform, i);
            }

            if (zonePrices && result!.GetZonePriceTick(zone) != fill.PriceTick)
            {
                return ClearingValidation.Rejected(ClearingRejectionReason.PriceNotUniform, i);
            }

            largestPrice = Math.Max(largestPrice, fill.PriceTick == long.MinValue ? long.MaxValue : Math.Abs(fill.PriceTick));
            var money = (Int128)fill.Quantity * fill.PriceTick;
            if (order.Side == Side.Buy)
            {
                bought += fill.Quantity;
                paid += money;
                netSold[zone] -= fill.Quantity;
            }
            else
            {
                sold += fill.Quantity;
                received += money;
                netSold[zone] += fill.Quantity;
            }
        }

        ClearingRejectionReason transferFault = CheckTransfers(result is null ? default : result.Transfers, network, netSold, out Int128 fees);
        if (transferFault is ClearingRejectionReason.UnknownZone or ClearingRejectionReason.InvalidTransfer)
        {
            return ClearingValidation.Rejected(transferFault, -1);
        }

        if (bought != sold)
        {
            return ClearingValidation.Rejected(ClearingRejectionReason.EnergyImbalance, -1);
        }

        if (transferFault != ClearingRejectionReason.None)
        {
            return ClearingValidation.Rejected(transferFault, -1);
        }

        // Every partial money sum is at most (energy on its side) × (largest price); below 2^126 no sum can have wrapped.
        if (largestPrice > 0 && bought > (Int128.One << 126) / largestPrice)
        {
            return ClearingValidation.Rejected(ClearingRejectionReason.AmountOutOfRange, -1);
        }

        if (paid < received + fees)
        {
            return ClearingValidation.Rejected(ClearingRejectionReason.BudgetDeficit, -1);
        }

        FillsAscending = ascending;
        CompletedOrders = completed;
        return ClearingValidation.Accepted(bought, paid, received, fees, zonePrices);
    }

    /// <summary>
    /// Checks the transfers against the network and the zones' net positions: zones valid and distinct, quantities
    /// positive, each direction within its limit, every zone balanced. Adds up the network fees.
    /// </summary>
    private ClearingRejectionReason CheckTransfers(ReadOnlySpan<ZoneTransfer> transfers, ZoneNetwork network, Span<Int128> netSold, out Int128 fees)
    {
        fees = 0;
        int zones = network.ZoneCount;
        if (transfers.IsEmpty)
        {
            foreach (Int128 net in netSold)
            {
                if (net != 0)
                {
                    return ClearingRejectionReason.ZoneImbalance;
                }
            }

            return ClearingRejectionReason.None;
        }

        if (pairTotals.Length < zones * zones)
        {
            pairTotals = new Int128[zones * zones];
        }

        Span<Int128> gross = pairTotals.AsSpan(0, zones * zones);
        gross.Clear();
        foreach (ref readonly ZoneTransfer transfer in transfers)
        {
            if ((uint)transfer.FromZone >= (uint)zones || (uint)transfer.ToZone >= (uint)zones)
            {
                return ClearingRejectionReason.UnknownZone;
            }

            if (transfer.FromZone == transfer.ToZone || transfer.Quantity <= 0)
            {
                return ClearingRejectionReason.InvalidTransfer;
            }

            gross[(transfer.FromZone * zones) + transfer.ToZone] += transfer.Quantity;

            // A zone's sellers' surplus leaves by its outgoing transfers: subtract them, add what comes in.
            netSold[transfer.FromZone] -= transfer.Quantity;
            netSold[transfer.ToZone] += transfer.Quantity;
        }

        ReadOnlySpan<long> limits = network.Limits;
        ReadOnlySpan<long> networkFees = network.Fees;
        Int128 feeCeiling = Int128.One << 120;
        for (int pair = 0; pair < gross.Length; pair++)
        {
            if (limits[pair] != ZoneNetwork.Unlimited && gross[pair] > limits[pair])
            {
                return ClearingRejectionReason.TransferLimitExceeded;
            }

            // A limited direction carries at most long.MaxValue Wh at a fee of at most 2^40 ticks; only an unlimited one
            // can carry more (many transfers), so the fees are bounded before they are added up.
            if (networkFees[pair] != 0 && gross[pair] > (feeCeiling - fees) / networkFees[pair])
            {
                return ClearingRejectionReason.AmountOutOfRange;
            }

            fees += gross[pair] * networkFees[pair];
        }

        foreach (Int128 net in netSold)
        {
            if (net != 0)
            {
                return ClearingRejectionReason.ZoneImbalance;
            }
        }

        return ClearingRejectionReason.None;
    }

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
