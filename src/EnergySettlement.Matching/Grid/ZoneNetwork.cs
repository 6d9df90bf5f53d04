using System.Globalization;

namespace EnergySettlement.Matching;

/// <summary>
/// The grid a market's books match on: its zones (feeders, transformers, substations), the network fee from each zone to
/// each other zone and the most energy that may move from one zone to another in a delivery period. Immutable: build one
/// with <see cref="ZoneNetworkBuilder"/> (or <see cref="Create"/>) and share it between the books of a market through
/// <see cref="OrderBookOptions.ZoneNetwork"/>.
/// </summary>
/// <remarks>
/// <para>Units. A <b>network fee</b> is in the book's price ticks per kWh — the same tick as order prices — charged on
/// energy that a seller in zone A delivers to a buyer in zone B: a continuous book matches them only when the offer's
/// price + fee(A→B) ≤ the bid's price, and records the fee on the trade, which the host turns into the grid operator's
/// obligation (fee × Wh, in tick·Wh). Inside a zone the fee is 0. A <b>transfer limit</b> is in Wh per delivery period
/// (per book) for one direction, A→B: it caps the energy traded from sellers in A to buyers in B over the book's life.
/// The two directions are counted apart (energy traded from B to A does not free room from A to B): that is safe for
/// the grid whatever flows net out to, and it keeps a continuous book honest — room never reappears, so two resting
/// orders that could not trade for want of room never become tradable with nobody to trigger the trade.
/// <see cref="Unlimited"/> means no limit; a limit of 0 means no energy moves that way. Inside a zone there is no limit.</para>
/// <para>Limits are per ordered pair of zones (a path's capacity), not a flow network: a continuous trade between A and
/// B uses only the pair (A, B); the zonal call auction may route energy through other zones when that is cheaper or the
/// direct pair is full, paying each hop's fee and using each hop's limit, as market coupling does.</para>
/// <para>Thread-safe (immutable).</para>
/// </remarks>
public sealed class ZoneNetwork
{
    /// <summary>The most zones a network holds.</summary>
    public const int MaxZones = 64;

    /// <summary>The largest network fee, in ticks per kWh (2^40; a fee wider than a book's band only means no trade).</summary>
    public const long MaxNetworkFee = 1L << 40;

    /// <summary>The transfer limit that means "no limit".</summary>
    public const long Unlimited = long.MaxValue;

    private readonly long[] _fees;
    private readonly long[] _limits;

    private ZoneNetwork(int zoneCount, long[] fees, long[] limits)
    {
        ZoneCount = zoneCount;
        _fees = fees;
        _limits = limits;
        for (int from = 0; from < zoneCount; from++)
        {
            for (int to = 0; to < zoneCount; to++)
            {
                if (from != to)
                {
                    HasNetworkFees |= fees[(from * zoneCount) + to] != 0;
                    HasTransferLimits |= limits[(from * zoneCount) + to] != Unlimited;
                }
            }
        }
    }

    /// <summary>Gets the network of a market without zones: one zone, no fees, no limits.</summary>
    public static ZoneNetwork SingleZone { get; } = new(1, [0], [Unlimited]);

    /// <summary>Gets the number of zones; orders name zones 0 to <see cref="ZoneCount"/> − 1.</summary>
    public int ZoneCount { get; }

    /// <summary>Gets whether any pair of zones has a non-zero network fee.</summary>
    public bool HasNetworkFees { get; }

    /// <summary>Gets whether any pair of zones has a transfer limit.</summary>
    public bool HasTransferLimits { get; }

    /// <summary>The fees as a row-major matrix: [from × <see cref="ZoneCount"/> + to].</summary>
    internal ReadOnlySpan<long> Fees => _fees;

    /// <summary>The limits as a row-major matrix: [from × <see cref="ZoneCount"/> + to].</summary>
    internal ReadOnlySpan<long> Limits => _limits;

    /// <summary>Creates a network from row-major matrices, checking every entry and reporting every problem at once.</summary>
    /// <param name="zoneCount">The number of zones, 1 to <see cref="MaxZones"/>.</param>
    /// <param name="networkFees">
    /// <paramref name="zoneCount"/>² fees in ticks per kWh, entry [from × zoneCount + to]; 0 to <see cref="MaxNetworkFee"/>,
    /// and 0 on the diagonal (inside a zone).
    /// </param>
    /// <param name="transferLimits">
    /// <paramref name="zoneCount"/>² limits in Wh per delivery period, entry [from × zoneCount + to]; non-negative, and
    /// <see cref="Unlimited"/> on the diagonal.
    /// </param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">The zone count, a matrix size or an entry is invalid; the message lists every problem.</exception>
    public static ZoneNetwork Create(int zoneCount, ReadOnlySpan<long> networkFees, ReadOnlySpan<long> transferLimits)
    {
        List<string> errors = Check(zoneCount, networkFees, transferLimits);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid zone network: " + string.Join(" ", errors));
        }

        return new ZoneNetwork(zoneCount, networkFees.ToArray(), transferLimits.ToArray());
    }

    /// <summary>Gets the network fee from one zone to another.</summary>
    /// <param name="fromZone">The seller's zone.</param>
    /// <param name="toZone">The buyer's zone.</param>
    /// <returns>The fee in price ticks per kWh (0 when the zones are equal).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A zone is not in the network.</exception>
    public long GetNetworkFee(int fromZone, int toZone) => _fees[Index(fromZone, toZone)];

    /// <summary>Gets the transfer limit from one zone to another.</summary>
    /// <param name="fromZone">The zone the energy leaves (the seller's).</param>
    /// <param name="toZone">The zone the energy enters (the buyer's).</param>
    /// <returns>The limit in Wh per delivery period; <see cref="Unlimited"/> when there is none (always so inside a zone).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A zone is not in the network.</exception>
    public long GetTransferLimit(int fromZone, int toZone) => _limits[Index(fromZone, toZone)];

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{ZoneCount} zone(s), fees {(HasNetworkFees ? "on" : "off")}, limits {(HasTransferLimits ? "on" : "off")}");

    /// <summary>Whether two networks have the same zones, fees and limits.</summary>
    internal bool ContentEquals(ZoneNetwork other)
        => ZoneCount == other.ZoneCount && Fees.SequenceEqual(other.Fees) && Limits.SequenceEqual(other.Limits);

    /// <summary>A mutable copy that a book owns, whose limits it lowers to the room left in the period before each uncross.</summary>
    internal ZoneNetwork CloneForRoom() => new(ZoneCount, (long[])_fees.Clone(), (long[])_limits.Clone());

    /// <summary>Sets one limit of a copy made by <see cref="CloneForRoom"/> (never of a shared network).</summary>
    internal void SetRoom(int fromZone, int toZone, long wattHours) => _limits[(fromZone * ZoneCount) + toZone] = wattHours;

    /// <summary>Checks a network's matrices, listing every problem.</summary>
    internal static List<string> Check(int zoneCount, ReadOnlySpan<long> fees, ReadOnlySpan<long> limits)
    {
        var errors = new List<string>();
        if (zoneCount < 1 || zoneCount > MaxZones)
        {
            errors.Add($"The zone count must be between 1 and {MaxZones}; found {zoneCount}.");
            return errors;
        }

        int cells = zoneCount * zoneCount;
        if (fees.Length != cells)
        {
            errors.Add($"The network fee matrix must hold {cells} entries ({zoneCount} × {zoneCount}); found {fees.Length}.");
        }

        if (limits.Length != cells)
        {
            errors.Add($"The transfer limit matrix must hold {cells} entries ({zoneCount} × {zoneCount}); found {limits.Length}.");
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        for (int from = 0; from < zoneCount; from++)
        {
            for (int to = 0; to < zoneCount; to++)
            {
                long fee = fees[(from * zoneCount) + to];
                long limit = limits[(from * zoneCount) + to];
                if (from == to)
                {
                    if (fee != 0)
                    {
                        errors.Add($"The network fee inside zone {from} must be 0; found {fee}.");
                    }

                    if (limit != Unlimited)
                    {
                        errors.Add($"Zone {from} cannot have a transfer limit to itself; found {limit} Wh.");
                    }

                    continue;
                }

                if (fee < 0 || fee > MaxNetworkFee)
                {
                    errors.Add($"The network fee from zone {from} to zone {to} must be between 0 and {MaxNetworkFee} ticks per kWh; found {fee}.");
                }

                if (limit < 0)
                {
                    errors.Add($"The transfer limit from zone {from} to zone {to} must not be negative; found {limit} Wh.");
                }
            }
        }

        return errors;
    }

    private int Index(int fromZone, int toZone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromZone);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fromZone, ZoneCount);
        ArgumentOutOfRangeException.ThrowIfNegative(toZone);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(toZone, ZoneCount);
        return (fromZone * ZoneCount) + toZone;
    }
}
