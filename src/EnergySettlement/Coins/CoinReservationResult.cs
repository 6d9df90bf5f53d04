using EnergySettlement.Chains;

namespace EnergySettlement.Coins;

/// <summary>The answer to <see cref="ICoinReservationStore.ReserveAsync"/>: reserved (now, or already with the same
/// coins), or refused because other batches hold some of the coins — in which case nothing was reserved.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CoinReservationResult
{
    private CoinReservationResult(bool isReserved, IReadOnlyDictionary<OutPoint, SettlementBatchId> heldByOthers)
    {
        IsReserved = isReserved;
        HeldByOthers = heldByOthers;
    }

    /// <summary>Gets whether every coin is reserved for the batch.</summary>
    public bool IsReserved { get; }

    /// <summary>Gets, when refused, each coin another batch holds (or held until it was spent) and that batch.</summary>
    public IReadOnlyDictionary<OutPoint, SettlementBatchId> HeldByOthers { get; }

    /// <summary>Gets the success result.</summary>
    public static CoinReservationResult Reserved { get; } = new(true, new Dictionary<OutPoint, SettlementBatchId>());

    /// <summary>Creates the refusal.</summary>
    /// <param name="heldByOthers">The coins other batches hold, with their holders; at least one.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">No coin is named.</exception>
    public static CoinReservationResult Refused(IReadOnlyDictionary<OutPoint, SettlementBatchId> heldByOthers)
    {
        ArgumentNullException.ThrowIfNull(heldByOthers);
        return heldByOthers.Count == 0
            ? throw new ArgumentException("A refusal names at least one coin held by another batch.", nameof(heldByOthers))
            : new CoinReservationResult(false, heldByOthers);
    }
}
