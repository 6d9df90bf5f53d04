namespace EnergySettlement.Matching;

/// <summary>
/// Builds a <see cref="ZoneNetwork"/>: every fee starts at 0 and every limit at <see cref="ZoneNetwork.Unlimited"/>;
/// set the pairs that differ, then <see cref="Build"/>, which reports every problem at once.
/// </summary>
/// <example>
/// <code>
/// ZoneNetwork grid = new ZoneNetworkBuilder(zoneCount: 3)
///     .SetNetworkFeeBothWays(0, 1, ticksPerKwh: 20)     // feeders 0 and 1 share a transformer
///     .SetNetworkFeeBothWays(0, 2, ticksPerKwh: 50)     // zone 2 is behind the substation
///     .SetNetworkFeeBothWays(1, 2, ticksPerKwh: 50)
///     .SetTransferLimit(fromZone: 2, toZone: 0, wattHours: 40_000)
///     .Build();
/// </code>
/// </example>
/// <remarks>Not thread-safe; the network it builds is.</remarks>
public sealed class ZoneNetworkBuilder
{
    private readonly long[] _fees;
    private readonly long[] _limits;
    private readonly List<string> _errors = [];

    /// <summary>Starts a network of <paramref name="zoneCount"/> zones without fees or limits.</summary>
    /// <param name="zoneCount">The number of zones, 1 to <see cref="ZoneNetwork.MaxZones"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="zoneCount"/> is out of range.</exception>
    public ZoneNetworkBuilder(int zoneCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zoneCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zoneCount, ZoneNetwork.MaxZones);
        ZoneCount = zoneCount;
        _fees = new long[zoneCount * zoneCount];
        _limits = new long[zoneCount * zoneCount];
        Array.Fill(_limits, ZoneNetwork.Unlimited);
    }

    /// <summary>Gets the number of zones.</summary>
    public int ZoneCount { get; }

    /// <summary>Sets the network fee on energy a seller in <paramref name="fromZone"/> delivers to a buyer in <paramref name="toZone"/>.</summary>
    /// <param name="fromZone">The seller's zone.</param>
    /// <param name="toZone">The buyer's zone (another zone).</param>
    /// <param name="ticksPerKwh">The fee in the book's price ticks per kWh, 0 to <see cref="ZoneNetwork.MaxNetworkFee"/>.</param>
    /// <returns>This builder.</returns>
    public ZoneNetworkBuilder SetNetworkFee(int fromZone, int toZone, long ticksPerKwh)
    {
        if (CheckPair(fromZone, toZone, "network fee"))
        {
            _fees[(fromZone * ZoneCount) + toZone] = ticksPerKwh;
        }

        return this;
    }

    /// <summary>Sets the same network fee in both directions between two zones.</summary>
    /// <param name="zoneA">One zone.</param>
    /// <param name="zoneB">Another zone.</param>
    /// <param name="ticksPerKwh">The fee in the book's price ticks per kWh, 0 to <see cref="ZoneNetwork.MaxNetworkFee"/>.</param>
    /// <returns>This builder.</returns>
    public ZoneNetworkBuilder SetNetworkFeeBothWays(int zoneA, int zoneB, long ticksPerKwh)
        => SetNetworkFee(zoneA, zoneB, ticksPerKwh).SetNetworkFee(zoneB, zoneA, ticksPerKwh);

    /// <summary>Sets the most energy that may move from <paramref name="fromZone"/> to <paramref name="toZone"/> in a delivery period (this direction alone).</summary>
    /// <param name="fromZone">The zone the energy leaves.</param>
    /// <param name="toZone">The zone the energy enters (another zone).</param>
    /// <param name="wattHours">The limit in Wh, non-negative; <see cref="ZoneNetwork.Unlimited"/> for none.</param>
    /// <returns>This builder.</returns>
    public ZoneNetworkBuilder SetTransferLimit(int fromZone, int toZone, long wattHours)
    {
        if (CheckPair(fromZone, toZone, "transfer limit"))
        {
            _limits[(fromZone * ZoneCount) + toZone] = wattHours;
        }

        return this;
    }

    /// <summary>Sets the same transfer limit in both directions between two zones.</summary>
    /// <param name="zoneA">One zone.</param>
    /// <param name="zoneB">Another zone.</param>
    /// <param name="wattHours">The limit in Wh per direction, non-negative; <see cref="ZoneNetwork.Unlimited"/> for none.</param>
    /// <returns>This builder.</returns>
    public ZoneNetworkBuilder SetTransferLimitBothWays(int zoneA, int zoneB, long wattHours)
        => SetTransferLimit(zoneA, zoneB, wattHours).SetTransferLimit(zoneB, zoneA, wattHours);

    /// <summary>Builds the network.</summary>
    /// <returns>An immutable network.</returns>
    /// <exception cref="ArgumentException">A setter named a zone outside the network or the zone itself, or a fee or limit is out of range; the message lists every problem.</exception>
    public ZoneNetwork Build()
    {
        var errors = new List<string>(_errors);
        errors.AddRange(ZoneNetwork.Check(ZoneCount, _fees, _limits));
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid zone network: " + string.Join(" ", errors));
        }

        return ZoneNetwork.Create(ZoneCount, _fees, _limits);
    }

    private bool CheckPair(int fromZone, int toZone, string what)
    {
        bool inRange = (uint)fromZone < (uint)ZoneCount && (uint)toZone < (uint)ZoneCount;
        if (!inRange)
        {
            _errors.Add($"A {what} names zones {fromZone} → {toZone}, but the network has zones 0 to {ZoneCount - 1}.");
            return false;
        }

        if (fromZone == toZone)
        {
            _errors.Add($"A {what} names zone {fromZone} to itself; inside a zone there is no fee and no limit.");
            return false;
        }

        return true;
    }
}
