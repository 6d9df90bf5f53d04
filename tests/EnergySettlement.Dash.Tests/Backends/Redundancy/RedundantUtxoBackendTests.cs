using EnergySettlement.Chains;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Backends.Redundancy;
using EnergySettlement.Dash.Tests.Backends.BlockCypher;
using EnergySettlement.Dash.Tests.Backends.Http;
using EnergySettlement.Dash.Tests.Backends.Insight;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash.Tests.Backends.Redundancy;

public sealed class RedundantUtxoBackendTests
{
    private readonly RecordingTimeProvider _time = new();
    private readonly CapturingLoggerFactory _logs = new();

    [Fact]
    public async Task Read_FirstBackendHealthy_AnswersWithoutAskingTheOthers()
    {
        var (first, second) = (Backend("a", 10L), Backend("b", 20L));

        Assert.Equal(10, await Composite(first, second).GetBlockHeightAsync());
        Assert.Equal((1, 0), (first.Reads, second.Reads));
    }

    [Fact]
    public async Task Read_FirstBackendDown_FallsOverAndPassesTheFirstOverForAWhile()
    {
        var (first, second) = (Backend("a", ScriptedBackend.Down()), Backend("b", 20L));
        var composite = Composite(first, second);

        Assert.Equal(20, await composite.GetBlockHeightAsync());
        Assert.True(composite.IsPassedOver(first));
        Assert.Equal(20, await composite.GetBlockHeightAsync());
        Assert.Equal((1, 2), (first.Reads, second.Reads));

        first.Read = () => Task.FromResult<object?>(10L);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(composite.IsPassedOver(first));
        Assert.Equal(10, await composite.GetBlockHeightAsync());
        Assert.Contains(_logs.Entries, e => e.Id.Id == 5110);
        Assert.Contains(_logs.Entries, e => e.Id.Id == 5111);
    }

    [Fact]
    public async Task Read_FirstBackendFailsDefinitely_FallsOverWithoutPassingItOver()
    {
        var (first, second) = (Backend("a", ScriptedBackend.Refused()), Backend("b", 20L));
        var composite = Composite(first, second);

        Assert.Equal(20, await composite.GetBlockHeightAsync());
        Assert.False(composite.IsPassedOver(first));
    }

    [Fact]
    public async Task Read_EveryBackendPassedOver_StillTriesThemSoonestBackFirst()
    {
        var (first, second) = (Backend("a", ScriptedBackend.Down()), Backend("b", ScriptedBackend.Down()));
        var composite = Composite(first, second);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => composite.GetBlockHeightAsync());

        second.Read = () => Task.FromResult<object?>(20L);
        Assert.Equal(20, await composite.GetBlockHeightAsync());
        Assert.Equal((2, 2), (first.Reads, second.Reads));
    }

    [Fact]
    public async Task Read_EveryBackendDown_ThrowsUnavailableNamingEach()
    {
        var composite = Composite(Backend("a", ScriptedBackend.Down("refused")), Backend("b", ScriptedBackend.Refused("-5")));

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => composite.GetBlockHeightAsync());

        Assert.Contains("a: refused", ex.Message, StringComparison.Ordinal);
        Assert.Contains("b: definite", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, Assert.IsType<AggregateException>(ex.InnerException).InnerExceptions.Count);
        Assert.Contains(_logs.Entries, e => e.Id.Id == 5114 && e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Read_EveryBackendFailsDefinitely_ThrowsDefiniteErrorWithTheFirstCode()
    {
        var composite = Composite(Backend("a", ScriptedBackend.Refused("-5")), Backend("b", ScriptedBackend.Refused("400")));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => composite.GetBlockHeightAsync());

        Assert.Equal("-5", ex.ErrorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Read_SingleBackendFails_ThrowsItsOwnException()
    {
        var error = ScriptedBackend.Refused("-5");

        Assert.Same(error, await Assert.ThrowsAsync<ChainRequestException>(() => Composite(Backend("a", error)).GetBlockHeightAsync()));
    }

    [Fact]
    public async Task GetTransactionStatus_FirstBackendDoesNotKnowIt_AsksTheNext()
    {
        var known = new UtxoTransactionStatus { IsKnown = true, IsInstantLocked = true };
        var (first, second) = (Backend("a", UtxoTransactionStatus.Unknown), Backend("b", known));

        Assert.Same(known, await Composite(first, second).GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA)));
        Assert.Equal((1, 1), (first.Reads, second.Reads));
    }

    [Fact]
    public async Task GetTransactionStatus_NoBackendKnowsIt_IsUnknownEvenIfOneFailed()
    {
        var composite = Composite(Backend("a", UtxoTransactionStatus.Unknown), Backend("b", ScriptedBackend.Down()));

        Assert.Same(UtxoTransactionStatus.Unknown, await composite.GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA)));
    }

    [Fact]
    public async Task GetTransactionStatus_ConfirmUnknownStatusOff_TakesTheFirstAnswer()
    {
        var second = Backend("b", new UtxoTransactionStatus { IsKnown = true });
        var composite = new RedundantUtxoBackend([Backend("a", UtxoTransactionStatus.Unknown), second], new RedundantUtxoBackendOptions { ConfirmUnknownStatus = false }, _time);

        Assert.Same(UtxoTransactionStatus.Unknown, await composite.GetTransactionStatusAsync(new ChainTransactionId(TestChain.TxidA)));
        Assert.Equal(0, second.Reads);
    }

    [Fact]
    public async Task Broadcast_OneAcceptsAnotherIsDown_IsAcceptedAndTheDownOneIsPassedOver()
    {
        var (first, second) = (Broadcaster("a", ScriptedBackend.Down()), Broadcaster("b", SubmissionResult.Accepted));
        var composite = Composite(first, second);

        Assert.Equal(SubmissionResult.Accepted, await composite.BroadcastAsync(TestChain.RawTransaction));
        Assert.Equal((1, 1), (first.Broadcasts, second.Broadcasts));
        Assert.True(composite.IsPassedOver(first));
    }

    [Fact]
    public async Task Broadcast_OneKnowsItOthersReject_IsAlreadyKnown()
    {
        var composite = Composite(Broadcaster("a", ScriptedBackend.Rejected("-26")), Broadcaster("b", SubmissionResult.AlreadyKnown), Broadcaster("c", ScriptedBackend.Rejected("400")));

        Assert.Equal(SubmissionResult.AlreadyKnown, await composite.BroadcastAsync(TestChain.RawTransaction));
    }

    [Fact]
    public async Task Broadcast_EveryBackendRejects_ThrowsTransactionRejectedWithTheFirstCode()
    {
        var composite = Composite(Broadcaster("a", ScriptedBackend.Rejected("-26")), Broadcaster("b", ScriptedBackend.Rejected("400")));

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => composite.BroadcastAsync(TestChain.RawTransaction));

        Assert.Equal("-26", ex.ErrorCode);
        Assert.Contains(TestChain.RawTransactionId, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broadcast_RejectedByOneAndOtherUnreachable_IsUnavailableNotRejected()
    {
        var composite = Composite(Broadcaster("a", ScriptedBackend.Rejected("-26")), Broadcaster("b", ScriptedBackend.Down()));

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => composite.BroadcastAsync(TestChain.RawTransaction));

        Assert.True(ex.IsTransient);
        Assert.Contains(_logs.Entries, e => e.Id.Id == 5113);
    }

    [Fact]
    public async Task Broadcast_RejectedByOneAndRefusedByAnother_IsADefiniteErrorButNotARejection()
    {
        var composite = Composite(Broadcaster("a", ScriptedBackend.Rejected("-26")), Broadcaster("b", ScriptedBackend.Refused("401")));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => composite.BroadcastAsync(TestChain.RawTransaction));

        Assert.IsNotType<TransactionRejectedException>(ex);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Broadcast_FirstSuccessWhileAnotherIsSlow_ReturnsAndTheSlowOneStillGetsTheTransaction()
    {
        var release = new TaskCompletionSource<SubmissionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new ScriptedBackend("slow") { Broadcast = async _ => { var r = await release.Task; finished.SetResult(); return r; } };
        var fast = Broadcaster("fast", SubmissionResult.Accepted);

        Assert.Equal(SubmissionResult.Accepted, await Composite(slow, fast).BroadcastAsync(TestChain.RawTransaction));
        Assert.False(finished.Task.IsCompleted);

        release.SetResult(SubmissionResult.Accepted);
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, slow.Broadcasts);
    }

    [Fact]
    public async Task Broadcast_CallerCancels_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var hanging = new ScriptedBackend("hang") { Broadcast = async ct => { await Task.Delay(Timeout.InfiniteTimeSpan, ct); return SubmissionResult.Accepted; } };
        var broadcast = Composite(hanging).BroadcastAsync(TestChain.RawTransaction, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => broadcast);
    }

    [Fact]
    public void Constructor_NoBackends_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new RedundantUtxoBackend([]));
    }

    [Fact]
    public void Name_Always_ListsTheBackends()
    {
        Assert.Equal("redundant(a,b)", Composite(Backend("a", 1L), Backend("b", 2L)).Name);
    }

    [Fact]
    public async Task OverHttp_InsightDownBlockCypherUp_ReadsAndBroadcastsThroughBlockCypher()
    {
        await using var insightServer = LoopbackHttpServer.Script(LoopbackResponse.Text("Server not yet ready. Sync Percentage:42", 503));
        await using var blockCypherServer = LoopbackHttpServer.Start(request => request.Method == "POST"
            ? LoopbackResponse.Json($$"""{"block_height":-1,"hash":"{{TestChain.RawTransactionId}}","double_spend":false,"confirmations":0}""", 201)
            : LoopbackResponse.Json($$"""{"address":"{{TestChain.Address}}","n_tx":1,"txrefs":[{"tx_hash":"{{TestChain.TxidA}}","block_height":900,"tx_input_n":-1,"tx_output_n":0,"value":5000,"spent":false,"confirmations":100,"double_spend":false,"script":"{{TestChain.AddressScriptHex}}"}]}"""));
        var composite = new RedundantUtxoBackend(
            [InsightBackendTests.Backend(insightServer, o => o.MaxRetryAttempts = 1, _time), BlockCypherBackendTests.Backend(blockCypherServer, time: _time)],
            timeProvider: _time,
            loggerFactory: _logs);

        var coin = Assert.Single(await composite.GetUnspentOutputsAsync(TestChain.Address));
        var result = await composite.BroadcastAsync(TestChain.RawTransaction);

        Assert.Equal(5000, coin.Value);
        Assert.Equal(SubmissionResult.Accepted, result);
        Assert.Equal(2, insightServer.Requests.Count(r => r.Method == "GET"));
        Assert.Single(blockCypherServer.Requests, r => r.Method == "POST");
    }

    private RedundantUtxoBackend Composite(params IUtxoBackend[] backends) => new(backends, new RedundantUtxoBackendOptions(), _time, _logs);

    private static ScriptedBackend Backend(string name, object answer) => new(name) { Read = () => Task.FromResult<object?>(answer) };

    private static ScriptedBackend Broadcaster(string name, SubmissionResult result) => new(name) { Broadcast = _ => Task.FromResult(result) };

    private static ScriptedBackend Broadcaster(string name, Exception error) => new(name) { Broadcast = _ => Task.FromException<SubmissionResult>(error) };
}
