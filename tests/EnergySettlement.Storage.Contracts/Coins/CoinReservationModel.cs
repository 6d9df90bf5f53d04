using System.Globalization;
using System.Text;
using CsCheck;
using EnergySettlement.Chains;
using EnergySettlement.Coins;

namespace EnergySettlement.Storage.Contracts.Coins;

/// <summary>
/// Model-based check: random sequences of reserve, release, mark-spent, find and load run against a store and against
/// the core's <see cref="InMemoryCoinReservationStore"/> (the reference) give the same answers and the same errors, and
/// the store gives them again after a restart. Each sample works under its own id tag, so one database serves them all.
/// </summary>
internal static class CoinReservationModel
{
    private const int Batches = 5;
    private const int Coins = 8;
    private const int Owners = 2;

    private static readonly Gen<Operation> AnyOperation = Gen.Frequency(
        (5, Gen.Int[0, Batches - 1].Select(Gen.Int[0, Coins - 1].Array[0, 4], (b, c) => new Operation('R', b, c, 0))),
        (2, Gen.Int[0, Batches - 1].Select(b => new Operation('X', b, [], 0))),
        (2, Gen.Int[0, Batches - 1].Select(b => new Operation('S', b, [], 0))),
        (1, Gen.Int[0, Batches - 1].Select(b => new Operation('F', b, [], 0))),
        (1, Gen.Int[0, Owners - 1].Select(o => new Operation('L', 0, [], o))));

    public static async Task CheckAgainstReferenceAsync(ICoinReservationStore store, Func<Task<ICoinReservationStore>> reopen, long iterations = 40)
    {
        var sample = 0;
        await AnyOperation.Array[1, 30].SampleAsync(
            async operations =>
            {
                var tag = "m" + Interlocked.Increment(ref sample).ToString(CultureInfo.InvariantCulture) + "x";
                var reference = new InMemoryCoinReservationStore();
                foreach (var operation in operations)
                {
                    var expected = await RunAsync(reference, operation, tag);
                    var actual = await RunAsync(store, operation, tag);
                    Assert.True(expected == actual, $"{Describe(operations)}: after {operation} the reference answered '{expected}', the store '{actual}'.");
                }

                store = await reopen();
                foreach (var read in ReadAll())
                {
                    var expected = await RunAsync(reference, read, tag);
                    var actual = await RunAsync(store, read, tag);
                    Assert.True(expected == actual, $"{Describe(operations)}: after a restart, {read} gave '{actual}' instead of '{expected}'.");
                }
            },
            iter: iterations,
            threads: 1,
            print: Describe);
    }

    private static IEnumerable<Operation> ReadAll() =>
        Enumerable.Range(0, Batches).Select(b => new Operation('F', b, [], 0))
            .Concat(Enumerable.Range(0, Owners).Select(o => new Operation('L', 0, [], o)));

    /// <summary>The sample's own owners, so a load sees only its sample's reservations.</summary>
    private static SettlementAccount Owner(string tag, int n) => SettlementAccount.Create(StoreTestData.Dash, $"{tag}owner{n}");

    private static string Describe(Operation[] operations) => string.Join(" ", operations.Select(o => o.ToString()));

    private static async Task<string> RunAsync(ICoinReservationStore store, Operation operation, string tag)
    {
        var batch = new SettlementBatchId($"{tag}-batch-{operation.Batch}");
        var owner = Owner(tag, operation.Owner);
        try
        {
            switch (operation.Kind)
            {
                case 'R':
                    var coins = operation.Coins.Select(c => StoreTestData.Coin(Owner(tag, c % Owners), c, (uint)(c % 3), 1000 + c, tag)).ToArray();
                    var result = await store.ReserveAsync(batch, coins, StoreTestData.At.AddSeconds(operation.Coins.Length));
                    return result.IsReserved
                        ? "reserved"
                        : "refused " + string.Join(",", result.HeldByOthers.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal).Select(h => $"{h.Key}>{h.Value}"));
                case 'X':
                    await store.ReleaseAsync(batch);
                    return "released";
                case 'S':
                    await store.MarkSpentAsync(batch);
                    return "spent";
                case 'F':
                    return Format(await store.FindAsync(batch));
                default:
                    return string.Join(" | ", (await store.LoadAsync(owner)).Select(Format));
            }
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or IdempotencyConflictException)
        {
            return error.GetType().Name;
        }
    }

    private static string Format(CoinReservation? reservation)
    {
        if (reservation is null)
        {
            return "none";
        }

        var text = new StringBuilder()
            .Append(reservation.Batch).Append(reservation.IsSpent ? " spent " : " live ")
            .Append(reservation.ReservedAt.ToString("O", CultureInfo.InvariantCulture));
        foreach (var coin in reservation.Coins)
        {
            text.Append(' ').Append(coin.OutPoint).Append('/').Append(coin.Owner).Append('/').Append(coin.Amount);
        }

        return text.ToString();
    }

    private sealed record Operation(char Kind, int Batch, int[] Coins, int Owner)
    {
        public override string ToString() => Kind switch
        {
            'R' => $"reserve(b{Batch}:[{string.Join(",", Coins)}])",
            'X' => $"release(b{Batch})",
            'S' => $"spend(b{Batch})",
            'F' => $"find(b{Batch})",
            _ => $"load(o{Owner})",
        };
    }
}
