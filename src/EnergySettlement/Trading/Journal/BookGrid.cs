using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// The grid one book was opened with, as journaled in its OpenBook command: the zones in engine order (zone i of an
/// order's <see cref="OrderAttributes"/> is <see cref="Zones"/>[i]) and the engine's network in ticks. A book keeps the
/// grid it opened with, so replay rebuilds it as it was even when the market's grid has changed since.
/// </summary>
internal sealed class BookGrid
{
    private readonly Dictionary<ZoneId, int> _index = [];

    public BookGrid(IReadOnlyList<ZoneId> zones, ZoneNetwork network)
    {
        if (zones.Count != network.ZoneCount)
        {
            throw new ArgumentException($"A grid of {network.ZoneCount} zones needs as many zone ids; found {zones.Count}.", nameof(zones));
        }

        Zones = [.. zones];
        Network = network;
        for (var i = 0; i < Zones.Length; i++)
        {
            if (!_index.TryAdd(Zones[i], i))
            {
                throw new ArgumentException($"Zone '{Zones[i]}' is named twice.", nameof(zones));
            }
        }
    }

    public ZoneId[] Zones { get; }

    public ZoneNetwork Network { get; }

    /// <summary>The engine's number of a zone, or -1 when the grid does not hold it.</summary>
    public int IndexOf(ZoneId zone) => _index.TryGetValue(zone, out var i) ? i : -1;

    /// <summary>Whether two grids have the same zones in the same order, fees and limits.</summary>
    public bool ContentEquals(BookGrid other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!Zones.AsSpan().SequenceEqual(other.Zones))
        {
            return false;
        }

        for (var from = 0; from < Zones.Length; from++)
        {
            for (var to = 0; to < Zones.Length; to++)
            {
                if (Network.GetNetworkFee(from, to) != other.Network.GetNetworkFee(from, to)
                    || Network.GetTransferLimit(from, to) != other.Network.GetTransferLimit(from, to))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
