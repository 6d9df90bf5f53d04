using EnergySettlement.Matching;

namespace EnergySettlement;

/// <summary>
/// The grid a market matches on (<see cref="MarketDefinition.Grid"/>): its zones (feeders, transformers, substations),
/// the network fee from each zone to each other zone and the transfer limits between them. A participant's zone comes
/// from its registration (<see cref="Trading.ParticipantRegistration.Zone"/>); the market operator hands the grid to the
/// matching engine (<see cref="ZoneNetwork"/>) and every trade across zones carries its fee (<see cref="Trading.Trade.NetworkFee"/>).
/// </summary>
/// <example>
/// <code>
/// var grid = new MarketGrid
/// {
///     Zones = [new ZoneId("feeder-1"), new ZoneId("feeder-2")],
///     NetworkFees = [new(new ZoneId("feeder-1"), new ZoneId("feeder-2"), Price.Parse("0.010 EURC/kWh", eurc)),
///                    new(new ZoneId("feeder-2"), new ZoneId("feeder-1"), Price.Parse("0.010 EURC/kWh", eurc))],
///     TransferLimits = [new(new ZoneId("feeder-1"), new ZoneId("feeder-2"), Energy.Parse("40 kWh"))],
/// };
/// </code>
/// </example>
/// <remarks>
/// Pairs not listed have no fee and no limit; inside a zone there is never a fee or a limit. Validated with the market
/// (<see cref="MarketDefinition.Validate"/>). Immutable after creation; thread-safe.
/// </remarks>
public sealed record MarketGrid
{
    /// <summary>Gets the zones, 1 to <see cref="ZoneNetwork.MaxZones"/>, each once. Their order numbers them for the engine.</summary>
    public required IReadOnlyList<ZoneId> Zones { get; init; }

    /// <summary>Gets the network fees, at most one per ordered pair of zones.</summary>
    /// <value>The default is none: trades across zones cost no fee.</value>
    public IReadOnlyList<ZoneNetworkFee> NetworkFees { get; init; } = [];

    /// <summary>Gets the transfer limits, at most one per ordered pair of zones.</summary>
    /// <value>The default is none: any energy may move between zones.</value>
    public IReadOnlyList<ZoneTransferLimit> TransferLimits { get; init; } = [];

    /// <summary>Gets whether any fee is above zero (the market then needs a <see cref="MarketDefinition.GridOperator"/>).</summary>
    public bool HasNetworkFees
    {
        get
        {
            foreach (var fee in NetworkFees ?? [])
            {
                if (fee.PerKilowattHour != default && !fee.PerKilowattHour.PerKilowattHour.IsZero)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Checks the grid against its market and appends every problem found.</summary>
    internal void Validate(MarketDefinition market, List<string> errors)
    {
        if (Zones is null || Zones.Count is < 1 or > ZoneNetwork.MaxZones)
        {
            errors.Add($"Grid.Zones must hold 1 to {ZoneNetwork.MaxZones} zones; found {Zones?.Count ?? 0}.");
            return;
        }

        var index = new HashSet<ZoneId>();
        foreach (var zone in Zones)
        {
            if (zone == default)
            {
                errors.Add("Grid.Zones holds a zone without an id.");
            }
            else if (!index.Add(zone))
            {
                errors.Add($"Grid.Zones names zone '{zone}' twice.");
            }
        }

        var pairs = new HashSet<(ZoneId, ZoneId)>();
        foreach (var fee in NetworkFees ?? [])
        {
            CheckPair(index, pairs, fee.From, fee.To, "Grid.NetworkFees", errors);
            var price = fee.PerKilowattHour;
            if (price == default || price.Asset != market.QuoteAsset || price.PerKilowattHour.IsNegative)
            {
                errors.Add($"Grid.NetworkFees {fee.From} → {fee.To} must be a non-negative price in {market.QuoteAsset.Symbol}; found {(price == default ? "none" : price.ToString())}.");
            }
            else if (price.PerKilowattHour.Amount % market.TickSize.Amount != 0)
            {
                errors.Add($"Grid.NetworkFees {fee.From} → {fee.To} of {price} must be a multiple of the tick size {market.TickSize}.");
            }
            else if (price.PerKilowattHour.Amount / market.TickSize.Amount > ZoneNetwork.MaxNetworkFee)
            {
                errors.Add($"Grid.NetworkFees {fee.From} → {fee.To} of {price} is more than {ZoneNetwork.MaxNetworkFee} ticks.");
            }
        }

        pairs.Clear();
        foreach (var limit in TransferLimits ?? [])
        {
            CheckPair(index, pairs, limit.From, limit.To, "Grid.TransferLimits", errors);
            if (limit.PerPeriod.WattHours < 0)
            {
                errors.Add($"Grid.TransferLimits {limit.From} → {limit.To} must not be negative; found {limit.PerPeriod}.");
            }
        }

        if (HasNetworkFees && market.GridOperator is null)
        {
            errors.Add("GridOperator must be set when Grid has network fees (it is owed them).");
        }
    }

    /// <summary>The engine's network of this grid, with fees in the market's ticks. Call only on a valid grid.</summary>
    internal ZoneNetwork ToZoneNetwork(MarketDefinition market)
    {
        var builder = new ZoneNetworkBuilder(Zones.Count);
        foreach (var fee in NetworkFees)
        {
            builder.SetNetworkFee(IndexOf(fee.From), IndexOf(fee.To), (long)(fee.PerKilowattHour.PerKilowattHour.Amount / market.TickSize.Amount));
        }

        foreach (var limit in TransferLimits)
        {
            builder.SetTransferLimit(IndexOf(limit.From), IndexOf(limit.To), limit.PerPeriod.WattHours);
        }

        return builder.Build();
    }

    private int IndexOf(ZoneId zone)
    {
        for (var i = 0; i < Zones.Count; i++)
        {
            if (Zones[i] == zone)
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckPair(HashSet<ZoneId> zones, HashSet<(ZoneId, ZoneId)> pairs, ZoneId from, ZoneId to, string what, List<string> errors)
    {
        if (!zones.Contains(from) || !zones.Contains(to))
        {
            errors.Add($"{what} names {from} → {to}, but the grid's zones are {string.Join(", ", zones)}.");
        }
        else if (from == to)
        {
            errors.Add($"{what} names zone '{from}' to itself; inside a zone there is no fee and no limit.");
        }
        else if (!pairs.Add((from, to)))
        {
            errors.Add($"{what} names {from} → {to} twice.");
        }
    }
}
