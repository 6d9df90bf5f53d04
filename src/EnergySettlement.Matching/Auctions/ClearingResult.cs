namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// A caller-owned, reusable buffer that a <see cref="ClearingRule"/> fills with the result of one clearing:
/// the fills and, for uniform-price rules, the clearing price — one for the whole book, or one per zone with the energy
/// moved between zones when the book has a <see cref="ZoneNetwork"/>.
/// </summary>
/// <remarks>
/// Keep one instance per book (or per worker thread) and pass it to every clearing: the fill array and the
/// built-in rules' working arrays grow to the largest clearing seen and are then reused, so steady-state clearing
/// allocates nothing. A rule calls <see cref="Reset"/> first, then <see cref="AddFill"/> per fill and, where there is
/// one, <see cref="SetClearingPrice"/>; a zonal rule also <see cref="SetZonePrice"/> per zone with trades and
/// <see cref="AddTransfer"/> per pair of zones energy moves between. Not thread-safe: one clearing at a time per instance.
/// </remarks>
public sealed class ClearingResult
{
    private AuctionFill[] fills;
    private int count;
    private ClearingScratch? scratch;
    private ZonalClearingScratch? zonalScratch;
    private long[] zonePrices = [];
    private ulong zonesPriced;
    private ZoneTransfer[] transfers = [];
    private int transferCount;

    /// <summary>Creates an empty result buffer.</summary>
    public ClearingResult()
        : this(0)
    {
    }

    /// <summary>Creates an empty result buffer with room for <paramref name="fillCapacity"/> fills.</summary>
    /// <param name="fillCapacity">The number of fills to reserve room for; the buffer grows beyond it as needed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fillCapacity"/> is negative.</exception>
    public ClearingResult(int fillCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fillCapacity);
        fills = fillCapacity == 0 ? [] : new AuctionFill[fillCapacity];
    }

    /// <summary>Gets the fills proposed so far, in the order the rule added them.</summary>
    /// <remarks>The span is valid until the next call that changes this buffer.</remarks>
    public ReadOnlySpan<AuctionFill> Fills => fills.AsSpan(0, count);

    /// <summary>Gets the number of fills.</summary>
    public int Count => count;

    /// <summary>
    /// Gets the uniform clearing price in ticks, or <see langword="null"/> when the rule has none (nothing crossed,
    /// or a discriminatory rule such as pay-as-bid where each fill carries its own price).
    /// </summary>
    public long? ClearingPriceTick { get; private set; }

    /// <summary>Gets the capacity of the fill array (for tests and diagnostics).</summary>
    public int Capacity => fills.Length;

    /// <summary>Gets whether the rule declared a price for at least one zone (<see cref="SetZonePrice"/>).</summary>
    public bool HasZonePrices => zonesPriced != 0;

    /// <summary>Gets the energy the clearing moves between zones, in the order the rule added it.</summary>
    /// <remarks>The span is valid until the next call that changes this buffer.</remarks>
    public ReadOnlySpan<ZoneTransfer> Transfers => transfers.AsSpan(0, transferCount);

    /// <summary>
    /// Gets the clearing price a zonal rule declared for a zone: every fill of an order in that zone trades at it. The
    /// zonal uniform-price rule prices every zone where energy is bought, sold or passes through, and no other.
    /// </summary>
    /// <param name="zone">The zone.</param>
    /// <returns>The price in ticks, or <see langword="null"/> when none was declared (or the zone is out of range).</returns>
    public long? GetZonePriceTick(int zone)
        => (uint)zone < ZoneNetwork.MaxZones && (zonesPriced & (1UL << zone)) != 0 ? zonePrices[zone] : null;

    /// <summary>Removes every fill, transfer and price; keeps the allocated capacity.</summary>
    public void Reset()
    {
        count = 0;
        ClearingPriceTick = null;
        zonesPriced = 0;
        transferCount = 0;
    }

    /// <summary>Declares the clearing price of one zone: every fill of an order in that zone trades at it.</summary>
    /// <param name="zone">The zone, 0 to <see cref="ZoneNetwork.MaxZones"/> − 1.</param>
    /// <param name="priceTick">The price in ticks.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="zone"/> is out of range.</exception>
    public void SetZonePrice(int zone, long priceTick)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zone);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(zone, ZoneNetwork.MaxZones);
        if (zonePrices.Length == 0)
        {
            zonePrices = new long[ZoneNetwork.MaxZones];
        }

        zonePrices[zone] = priceTick;
        zonesPriced |= 1UL << zone;
    }

    /// <summary>Appends a transfer of energy between two zones (amortised O(1)).</summary>
    /// <param name="transfer">The transfer. It is not checked here; <see cref="ClearingResultValidator"/> checks it.</param>
    public void AddTransfer(in ZoneTransfer transfer)
    {
        if (transferCount == transfers.Length)
        {
            Array.Resize(ref transfers, Math.Max(16, transfers.Length * 2));
        }

        transfers[transferCount++] = transfer;
    }

    /// <summary>Appends a fill, growing the buffer if needed (amortised O(1)).</summary>
    /// <param name="fill">The fill to append. It is not checked here; <see cref="ClearingResultValidator"/> checks it.</param>
    public void AddFill(in AuctionFill fill)
    {
        if (count == fills.Length)
        {
            Grow(count + 1);
        }

        fills[count++] = fill;
    }

    /// <summary>Sets the uniform clearing price.</summary>
    /// <param name="priceTick">The price in ticks at which every fill trades.</param>
    public void SetClearingPrice(long priceTick) => ClearingPriceTick = priceTick;

    /// <summary>Gets the built-in rules' reusable working arrays.</summary>
    internal ClearingScratch Scratch => scratch ??= new ClearingScratch();

    /// <summary>Gets the zonal clearing's reusable working arrays.</summary>
    internal ZonalClearingScratch ZonalScratch => zonalScratch ??= new ZonalClearingScratch();

    /// <summary>Makes room for at least <paramref name="capacity"/> fills and returns the whole array for direct writes.</summary>
    internal AuctionFill[] EnsureFillCapacity(int capacity)
    {
        if (fills.Length < capacity)
        {
            Grow(capacity);
        }

        return fills;
    }

    /// <summary>Sets the fill count after direct writes into the array returned by <see cref="EnsureFillCapacity"/>.</summary>
    internal void SetCount(int newCount) => count = newCount;

    private void Grow(int needed)
    {
        var size = Math.Max(needed, Math.Max(16, fills.Length * 2));
        Array.Resize(ref fills, size);
    }
}
