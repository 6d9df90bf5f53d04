using System.Buffers;
using System.Globalization;
using EnergySettlement.Dash.Backends;

namespace EnergySettlement.Dash.Coins;

/// <summary>
/// Chooses the coins that pay a transaction: deterministically (the same candidates in any order give the same
/// selection), with as few inputs as possible, and among those the set that leaves the least over — no change output
/// at all when what is left is below the cost of one (its fee plus the dust threshold), so the leftover goes to the fee.
/// </summary>
/// <remarks>
/// <para>Order: candidates sorted by value (largest first), ties by outpoint (transaction id, then index). The fewest
/// inputs k is the smallest k whose k largest coins cover the payouts and the fee of k inputs; then a depth-first search
/// over k-coin sets (largest first, the last coin found by binary search, equal values tried once) looks for the least
/// excess, starting from the k − 1 largest coins and the smallest coin that completes them, within a fixed budget of
/// <see cref="SearchBudget"/> steps, so the time stays bounded on wallets with many coins.</para>
/// <para>The fee is <see cref="Fees.FeeRate.GetFee"/> of the size with every input at its largest (a 72-byte
/// signature): the rate is a floor, never undercut. Thread-safe (no state).</para>
/// </remarks>
public static class CoinSelector
{
    /// <summary>The most search steps for the least-excess set of the fewest coins.</summary>
    public const int SearchBudget = 100_000;

    /// <summary>Selects coins for <paramref name="request"/>.</summary>
    /// <param name="candidates">The spendable coins (not reserved, confirmed enough); duplicates of an outpoint count once;
    /// coins worth 0 or less are ignored.</param>
    /// <param name="request">What to pay for.</param>
    /// <param name="failure">Why no selection is possible, when it is not (never a secret).</param>
    /// <returns>The selection, or <see langword="null"/> when the coins cannot pay (too little money, or more inputs needed
    /// than <see cref="CoinSelectionRequest.MaxInputs"/> or the size limit allows).</returns>
    /// <exception cref="ArgumentException">The request's target is not positive or a size is not positive.</exception>
    public static CoinSelection? TrySelect(IReadOnlyList<UnspentOutput> candidates, CoinSelectionRequest request, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Target <= 0 || request.InputSize <= 0 || request.ChangeOutputSize <= 0 || request.OutputCount < 0 || request.OutputsSize < 0 || request.MaxInputs <= 0)
        {
            throw new ArgumentException("A coin selection needs a positive target, positive input and change sizes, and at least one input allowed.", nameof(request));
        }

        UnspentOutput[] sorted = Sorted(candidates);
        int n = sorted.Length;
        long[] values = ArrayPool<long>.Shared.Rent(n);
        long[] prefix = ArrayPool<long>.Shared.Rent(n + 1);
        try
        {
            prefix[0] = 0;
            for (int i = 0; i < n; i++)
            {
                values[i] = sorted[i].Value;
                prefix[i + 1] = checked(prefix[i] + values[i]);
            }

            int k = FewestInputs(request, prefix, n, out failure);
            if (k == 0)
            {
                return null;
            }

            long need = request.Target + request.FeeRate.GetFee(request.TransactionSize(k, withChange: false));
            int[] chosen = new Search(values.AsSpan(0, n), prefix.AsSpan(0, n + 1), k, need).Run();
            var coins = new UnspentOutput[k];
            long sum = 0;
            for (int i = 0; i < k; i++)
            {
                coins[i] = sorted[chosen[i]];
                sum += coins[i].Value;
            }

            return Complete(request, coins, sum);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(values);
            ArrayPool<long>.Shared.Return(prefix);
        }
    }

    /// <summary>The fee and change of spending <paramref name="coins"/> (worth <paramref name="sum"/>, at least the target and
    /// the fee without change): a change output when what is left covers its own fee and the dust threshold.</summary>
    internal static CoinSelection Complete(CoinSelectionRequest request, UnspentOutput[] coins, long sum)
    {
        int k = coins.Length;
        long feeWithout = request.FeeRate.GetFee(request.TransactionSize(k, withChange: false));
        long need = request.Target + feeWithout;
        long feeWith = request.FeeRate.GetFee(request.TransactionSize(k, withChange: true));
        long excess = sum - need;
        long costOfChange = feeWith - feeWithout + request.ChangeDustThreshold;
        if (excess >= costOfChange)
        {
            return new CoinSelection
            {
                Coins = coins,
                InputValue = sum,
                Fee = feeWith,
                Change = sum - request.Target - feeWith,
                EstimatedSize = request.TransactionSize(k, withChange: true),
            };
        }

        return new CoinSelection
        {
            Coins = coins,
            InputValue = sum,
            Fee = sum - request.Target,
            Change = 0,
            EstimatedSize = request.TransactionSize(k, withChange: false),
        };
    }

    /// <summary>The smallest k whose k largest coins pay for the target and k inputs (with room for change under the size
    /// limit), or 0 with the reason.</summary>
    private static int FewestInputs(CoinSelectionRequest request, long[] prefix, int n, out string? failure)
    {
        failure = null;
        if (n == 0)
        {
            failure = "the payer has no spendable coins (none confirmed enough, or all held by other in-flight batches)";
            return 0;
        }

        int limit = Math.Min(request.MaxInputs, n);
        int k = 1;
        for (; k <= limit; k++)
        {
            if (request.TransactionSize(k, withChange: true) > request.MaxTransactionSize)
            {
                break;
            }

            if (prefix[k] >= request.Target + request.FeeRate.GetFee(request.TransactionSize(k, withChange: false)))
            {
                return k;
            }
        }

        int usable = k - 1;
        long needAll = request.Target + request.FeeRate.GetFee(request.TransactionSize(Math.Max(n, 1), withChange: false));
        failure = usable < n && prefix[n] >= needAll
            ? string.Create(CultureInfo.InvariantCulture, $"paying {request.Target} takes more than {usable} inputs (the limit from MaxInputsPerTransaction and the {request.MaxTransactionSize + 1}-byte standard size): the payer's {n} coins are too small; consolidate them into fewer coins")
            : string.Create(CultureInfo.InvariantCulture, $"the payouts ({request.Target}) and the fee need more than the {prefix[n]} the payer's {n} spendable coin(s) hold");
        return 0;
    }

    private static UnspentOutput[] Sorted(IReadOnlyList<UnspentOutput> candidates)
    {
        var array = new UnspentOutput[candidates.Count];
        int count = 0;
        foreach (var coin in candidates)
        {
            if (coin is not null && coin.Value > 0)
            {
                array[count++] = coin;
            }
        }

        Array.Sort(array, 0, count, ValueThenOutPoint.Instance);

        // Copies of one outpoint are now adjacent (same value, same outpoint): keep the first.
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (kept == 0 || array[i].OutPoint != array[kept - 1].OutPoint)
            {
                array[kept++] = array[i];
            }
        }

        Array.Resize(ref array, kept);
        return array;
    }

    /// <summary>Largest value first; ties by transaction id (ordinal), then output index.</summary>
    private sealed class ValueThenOutPoint : IComparer<UnspentOutput>
    {
        public static readonly ValueThenOutPoint Instance = new();

        public int Compare(UnspentOutput? a, UnspentOutput? b)
        {
            int byValue = b!.Value.CompareTo(a!.Value);
            if (byValue != 0)
            {
                return byValue;
            }

            int byTransaction = string.CompareOrdinal(a.OutPoint.TransactionId.Value, b.OutPoint.TransactionId.Value);
            return byTransaction != 0 ? byTransaction : a.OutPoint.Index.CompareTo(b.OutPoint.Index);
        }
    }

    /// <summary>Depth-first search over k-coin sets of coins sorted by value (descending) for the least excess over <c>need</c>.</summary>
    private ref struct Search
    {
        private readonly ReadOnlySpan<long> _values;
        private readonly ReadOnlySpan<long> _prefix;
        private readonly int _k;
        private readonly long _need;
        private readonly int[] _current;
        private int[] _best;
        private long _bestExcess;
        private int _steps;

        public Search(ReadOnlySpan<long> values, ReadOnlySpan<long> prefix, int k, long need)
        {
            _values = values;
            _prefix = prefix;
            _k = k;
            _need = need;
            _current = new int[k];
            _best = new int[k];
            _bestExcess = long.MaxValue;
            _steps = 0;
        }

        public int[] Run()
        {
            // Seed: the k - 1 largest and the smallest coin that completes them (exists: the k largest suffice).
            long sum = _prefix[_k - 1];
            int last = SmallestSufficient(_k - 1, _need - sum);
            for (int i = 0; i < _k - 1; i++)
            {
                _best[i] = i;
            }

            _best[_k - 1] = last;
            _bestExcess = sum + _values[last] - _need;
            if (_bestExcess > 0 && _k > 1)
            {
                Visit(0, 0, 0);
            }

            return _best;
        }

        private void Visit(int depth, int start, long sum)
        {
            int n = _values.Length;
            int remaining = _k - depth;
            if (remaining == 1)
            {
                int j = SmallestSufficient(start, _need - sum);
                if (j >= 0)
                {
                    long excess = sum + _values[j] - _need;
                    if (excess < _bestExcess)
                    {
                        _current[depth] = j;
                        _bestExcess = excess;
                        _best = (int[])_current.Clone();
                    }
                }

                return;
            }

            // The least any completion can reach: the remaining smallest coins.
            long floor = sum + (_prefix[n] - _prefix[n - remaining]) - _need;
            if (floor > 0 && floor >= _bestExcess)
            {
                return;
            }

            for (int i = start; i <= n - remaining; i++)
            {
                if (++_steps > SearchBudget || _bestExcess == 0)
                {
                    return;
                }

                if (sum + (_prefix[i + remaining] - _prefix[i]) < _need)
                {
                    return; // later coins are no larger
                }

                if (i > start && _values[i] == _values[i - 1])
                {
                    continue; // the same sums as the equal coin before it
                }

                _current[depth] = i;
                Visit(depth + 1, i + 1, sum + _values[i]);
            }
        }

        /// <summary>The last index in [start, n) whose value is at least <paramref name="needed"/> (the smallest such coin), or -1.</summary>
        private readonly int SmallestSufficient(int start, long needed)
        {
            int low = start;
            int high = _values.Length;
            while (low < high)
            {
                int middle = low + ((high - low) / 2);
                if (_values[middle] >= needed)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low - 1 >= start ? low - 1 : -1;
        }
    }
}
