using EnergySettlement.Chains;

namespace EnergySettlement.Coins;

/// <summary>An <see cref="ICoinReservationStore"/> in process memory, for tests. Nothing survives the process: use the
/// SQLite or PostgreSQL store in production.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryCoinReservationStore : ICoinReservationStore
{
    private readonly Dictionary<SettlementBatchId, CoinReservation> _byBatch = [];
    private readonly Dictionary<OutPoint, SettlementBatchId> _holders = [];
    private readonly List<SettlementBatchId> _order = [];
    private readonly object _gate = new();

    /// <inheritdoc />
    public Task<CoinReservationResult> ReserveAsync(SettlementBatchId batch, IReadOnlyList<ReservedCoin> coins, DateTimeOffset reservedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coins);
        if (batch == default)
        {
            throw new ArgumentException("The batch id must be set.", nameof(batch));
        }

        if (coins.Count == 0)
        {
            throw new ArgumentException("A reservation holds at least one coin.", nameof(coins));
        }

        if (coins.Select(c => c.OutPoint).Distinct().Count() != coins.Count)
        {
            throw new ArgumentException("A reservation names each coin once.", nameof(coins));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_byBatch.TryGetValue(batch, out var existing))
            {
                if (existing.Coins.SequenceEqual(coins))
                {
                    return Task.FromResult(CoinReservationResult.Reserved);
                }

                throw new IdempotencyConflictException("coin reservation", batch.Value,
                    $"Batch {batch} already holds {existing.Coins.Count} coin(s) ({string.Join(", ", existing.Coins.Select(c => c.OutPoint))}); it cannot reserve other coins until they are released.");
            }

            var held = new Dictionary<OutPoint, SettlementBatchId>();
            foreach (var coin in coins)
            {
                if (_holders.TryGetValue(coin.OutPoint, out var holder))
                {
                    held[coin.OutPoint] = holder;
                }
            }

            if (held.Count > 0)
            {
                return Task.FromResult(CoinReservationResult.Refused(held));
            }

            _byBatch.Add(batch, new CoinReservation { Batch = batch, Coins = coins.ToArray(), ReservedAt = reservedAt });
            _order.Add(batch);
            foreach (var coin in coins)
            {
                _holders.Add(coin.OutPoint, batch);
            }

            return Task.FromResult(CoinReservationResult.Reserved);
        }
    }

    /// <inheritdoc />
    public Task<CoinReservation?> FindAsync(SettlementBatchId batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_byBatch.GetValueOrDefault(batch));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CoinReservation>> LoadAsync(SettlementAccount owner, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<CoinReservation> found = _order
                .Select(b => _byBatch[b])
                .Where(r => r.Coins.Any(c => c.Owner == owner))
                .ToArray();
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(SettlementBatchId batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_byBatch.TryGetValue(batch, out var reservation) && !reservation.IsSpent)
            {
                _byBatch.Remove(batch);
                _order.Remove(batch);
                foreach (var coin in reservation.Coins)
                {
                    _holders.Remove(coin.OutPoint);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkSpentAsync(SettlementBatchId batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_byBatch.TryGetValue(batch, out var reservation))
            {
                throw new InvalidOperationException($"Batch {batch} holds no coin reservation to mark spent.");
            }

            _byBatch[batch] = reservation with { IsSpent = true };
        }

        return Task.CompletedTask;
    }
}
