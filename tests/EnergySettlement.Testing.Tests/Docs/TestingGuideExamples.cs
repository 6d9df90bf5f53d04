using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Testing.Tests.Docs;

/// <summary>The examples of docs/testing.md, kept here so they compile and pass.</summary>
public class TestingGuideExamples
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SimulatedChain _chain;
    private readonly SimulatedChainProvider _provider;
    private readonly SettlementBatch _batch;

    public TestingGuideExamples()
    {
        _chain = new SimulatedChain(new SimulatedChainOptions { ConfirmationsForFinality = 3 }, _time);
        _provider = new SimulatedChainProvider(_chain);
        var payer = _chain.Account("utility");
        var home = _chain.Account("home-1");
        _chain.Fund(payer, new Money(1_000_000, _chain.NativeAsset));
        _batch = new SettlementBatch(
            new SettlementBatchId("2026-01-01T00:15@utility"), payer, _chain.NativeAsset,
            [new Payout(home, new Money(2_500, _chain.NativeAsset), "trade-17")]);
    }

    [Fact]
    public async Task PaymentFromStartToFinality_AsDocumented_IsFinalAndLedgerBalances()
    {
        var tx = await _provider.PrepareAsync(_batch);
        await _provider.SubmitAsync(tx);
        _chain.MineBlock();
        _chain.MineBlocks(2);

        var status = await _provider.GetStatusAsync(tx);

        Assert.Equal((SettlementState.Final, 3), (status.State, status.Confirmations));
        Assert.Equal(new Money(2_500, _chain.NativeAsset), _chain.GetBalance(_chain.Account("home-1"), _chain.NativeAsset));
        var issued = _chain.TotalIssued(_chain.NativeAsset);
        var held = _chain.TotalBalance(_chain.NativeAsset) + _chain.FeesBurned;
        Assert.Equal(issued, held);
        Assert.True(_chain.TryGetSettlement(_batch.Id, out var settledBy));
        Assert.Equal(tx.TransactionId, settledBy);
    }

    [Fact]
    public void DependencyInjection_AsDocumented_ResolvesKeyedChainWithTokens()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddEnergySettlement(es => es.AddSimulatedChain("sim", o =>
        {
            o.ConfirmationsForFinality = 2;
            o.Tokens["USDS"] = 6;
        }));
        using var serviceProvider = services.BuildServiceProvider();

        var chain = serviceProvider.GetRequiredKeyedService<SimulatedChain>("sim");

        Assert.Equal("sim:local/token:USDS", chain.GetAsset("USDS").Id.ToString());
        Assert.Equal(2, chain.ConfirmationsForFinality);
    }

    [Fact]
    public async Task TimeoutExample_AsDocumented_RetryIsAlreadyKnown()
    {
        var tx = await _provider.PrepareAsync(_batch);

        _chain.Faults.NextSubmitTimesOutButAccepts();
        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => _provider.SubmitAsync(tx));

        Assert.True(error.IsTransient);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal(SubmissionResult.AlreadyKnown, await _provider.SubmitAsync(tx));
    }

    [Fact]
    public async Task RejectionExample_AsDocumented_NothingEntersTheMempool()
    {
        var tx = await _provider.PrepareAsync(_batch);

        _chain.Faults.RejectNextSubmit("non-standard");
        var rejected = await Assert.ThrowsAsync<TransactionRejectedException>(() => _provider.SubmitAsync(tx));

        Assert.Equal("non-standard", rejected.ErrorCode);
        Assert.Equal(SettlementState.Unknown, (await _provider.GetStatusAsync(tx)).State);
    }

    [Fact]
    public async Task UnreachableExample_AsDocumented_FailsByCallsThenByTime()
    {
        _chain.Faults.Unreachable(calls: 2);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => _provider.QuoteAsync(_batch));
        await Assert.ThrowsAsync<ChainUnavailableException>(() => _provider.QuoteAsync(_batch));
        _chain.Faults.Unreachable(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<ChainUnavailableException>(() => _provider.QuoteAsync(_batch));
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True((await _provider.QuoteAsync(_batch)).Fits);
    }

    [Fact]
    public async Task DropExample_AsDocumented_ResubmitPaysOnce()
    {
        var tx = await _provider.PrepareAsync(_batch);
        await _provider.SubmitAsync(tx);

        _chain.Faults.DropFromMempool(tx.TransactionId);
        Assert.Equal(SettlementState.Dropped, (await _provider.GetStatusAsync(tx)).State);
        Assert.Equal(SubmissionResult.Accepted, await _provider.SubmitAsync(tx));
        _chain.MineBlock();

        Assert.Equal(SettlementState.Included, (await _provider.GetStatusAsync(tx)).State);
    }

    [Fact]
    public async Task ReorgExample_AsDocumented_PendingThenIncludedThenDropped()
    {
        var tx = await _provider.PrepareAsync(_batch);
        await _provider.SubmitAsync(tx);
        _chain.MineBlocks(2);
        Assert.Equal(2, (await _provider.GetStatusAsync(tx)).Confirmations);

        _chain.Faults.Reorg(depth: 2);
        Assert.Equal(SettlementState.Pending, (await _provider.GetStatusAsync(tx)).State);
        _chain.MineBlock();
        Assert.Equal(SettlementState.Included, (await _provider.GetStatusAsync(tx)).State);
        _chain.Faults.Reorg(depth: 1, SimulatedReorgMode.Drop);

        Assert.Equal(SettlementState.Dropped, (await _provider.GetStatusAsync(tx)).State);
    }

    [Fact]
    public async Task FeeSpikeExample_AsDocumented_BumpedTransactionReplacesTheStuckOne()
    {
        var tx = await _provider.PrepareAsync(_batch);
        await _provider.SubmitAsync(tx);

        _chain.Faults.FeeSpike(multiplier: 5);
        _chain.MineBlock();
        var bumped = await _provider.PrepareAsync(_batch);
        await _provider.SubmitAsync(bumped);
        _chain.MineBlock();

        var old = await _provider.GetStatusAsync(tx);
        Assert.Equal((SettlementState.Conflicted, bumped.TransactionId), (old.State, old.ReplacedBy));
        Assert.Equal(SettlementState.Included, (await _provider.GetStatusAsync(bumped)).State);
        Assert.Equal(tx.MaxFee * 5, bumped.MaxFee);
    }
}
