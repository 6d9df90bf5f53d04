using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;

namespace EnergySettlement.Dash.Tests.Backends.Redundancy;

/// <summary>A test double for <see cref="IUtxoBackend"/>: each call runs the scripted behaviour and is counted.</summary>
internal sealed class ScriptedBackend(string name) : IUtxoBackend
{
    private int _reads;
    private int _broadcasts;

    public string Name { get; } = name;

    public int Reads => Volatile.Read(ref _reads);

    public int Broadcasts => Volatile.Read(ref _broadcasts);

    /// <summary>Answers reads (height, fee, coins, spend, status); throws what it returns when that is an exception.</summary>
    public Func<Task<object?>> Read { get; set; } = () => Task.FromResult<object?>(1L);

    public Func<CancellationToken, Task<SubmissionResult>> Broadcast { get; set; } = _ => Task.FromResult(SubmissionResult.Accepted);

    public static ChainUnavailableException Down(string why = "connection refused") => new(TestChainId, why);

    public static ChainRequestException Refused(string code = "-5") => new(TestChainId, code, "definite", isTransient: false);

    public static TransactionRejectedException Rejected(string code = "-26") => new(TestChainId, code, "rejected " + code);

    public Task<long> GetBlockHeightAsync(CancellationToken cancellationToken = default) => ReadAsync<long>();

    public Task<long?> EstimateFeeRateAsync(int targetBlocks, CancellationToken cancellationToken = default) => ReadAsync<long?>();

    public Task<IReadOnlyList<UnspentOutput>> GetUnspentOutputsAsync(string address, CancellationToken cancellationToken = default) => ReadAsync<IReadOnlyList<UnspentOutput>>();

    public Task<OutputSpend> GetSpendAsync(OutPoint outPoint, CancellationToken cancellationToken = default) => ReadAsync<OutputSpend>();

    public Task<UtxoTransactionStatus> GetTransactionStatusAsync(ChainTransactionId transactionId, CancellationToken cancellationToken = default) => ReadAsync<UtxoTransactionStatus>();

    public Task<SubmissionResult> BroadcastAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _broadcasts);
        return Broadcast(cancellationToken);
    }

    private static readonly ChainId TestChainId = Http.TestChain.DashMainnet;

    private async Task<T> ReadAsync<T>()
    {
        Interlocked.Increment(ref _reads);
        var value = await Read();
        return value is Exception ex ? throw ex : (T)value!;
    }
}
