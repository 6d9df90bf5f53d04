using EnergySettlement.Chains;
using EnergySettlement.Testing;

namespace EnergySettlement.CrashHarness;

/// <summary>The simulated chain kept in a file: EURC, one confirmation, duplicate batch ids allowed, so that a batch paid
/// twice would really move the money twice and show in the balances.</summary>
internal sealed class SimulatedHarnessChain : IHarnessChain
{
    private readonly SimulatedChain _chain;

    private SimulatedHarnessChain(SimulatedChain chain)
    {
        _chain = chain;
        Provider = new SimulatedChainProvider(chain);
        Token = chain.GetAsset("EURC");
    }

    public ChainSettlementProvider Provider { get; }

    public Asset Token { get; }

    /// <summary>Creates the chain's file and funds every party (the first start only).</summary>
    public static void Create(string path, IEnumerable<ParticipantId> parties)
    {
        var options = new SimulatedChainOptions { ConfirmationsForFinality = 1, EnforceUniqueBatchIds = false, MaxPayoutsPerTransaction = 3 };
        options.Tokens["EURC"] = 6;
        var chain = SimulatedChain.OpenFile(path, options);
        var token = chain.GetAsset("EURC");
        foreach (var party in parties)
        {
            chain.Fund(chain.Account(party.Value), new Money(SettlementWorkload.InitialTokens, token));
            chain.Fund(chain.Account(party.Value), new Money(SettlementWorkload.InitialCoins, chain.NativeAsset));
        }
    }

    public static SimulatedHarnessChain Open(string path) => new(SimulatedChain.OpenFile(path));

    public SettlementAccount AccountOf(ParticipantId party) => _chain.Account(party.Value);

    public Task<ulong> MineAsync() => Task.FromResult((ulong)_chain.MineBlock().Height);

    public Task<Int128> TokenBalanceAsync(ParticipantId party) => Task.FromResult(_chain.GetBalance(AccountOf(party), Token).Amount);

    public Task<int> SettlementCountAsync(SettlementBatchId batch) => Task.FromResult(_chain.GetSettlements(batch).Count);

    public Task VerifyChainAsync(int plannedBatches)
    {
        if (_chain.TotalBalance(Token) != _chain.TotalIssued(Token))
        {
            throw new HarnessCheckException("the chain's EURC balances do not add up to what was issued");
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
