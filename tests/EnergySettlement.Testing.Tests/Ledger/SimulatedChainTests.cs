using EnergySettlement.Chains;

namespace EnergySettlement.Testing.Tests.Ledger;

public class SimulatedChainTests
{
    [Fact]
    public void Constructor_Defaults_StartsAtGenesisWithNoBalances()
    {
        var chain = new SimulatedChain();

        Assert.Equal("sim:local", chain.ChainId.ToString());
        Assert.Equal(0, chain.Height);
        Assert.Equal(0, chain.Tip.Height);
        Assert.Empty(chain.Tip.TransactionIds);
        Assert.Equal(Money.Zero(chain.NativeAsset), chain.TotalBalance(chain.NativeAsset));
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var options = new SimulatedChainOptions
        {
            NativeSymbol = "not a symbol",
            ConfirmationsForFinality = 0,
            BaseFee = -1,
            MaxPayoutsPerTransaction = 0,
        };

        var error = Assert.Throws<ArgumentException>(() => new SimulatedChain(options));

        Assert.Contains("NativeSymbol", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConfirmationsForFinality", error.Message, StringComparison.Ordinal);
        Assert.Contains("BaseFee", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPayoutsPerTransaction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MineBlock_EachBlock_LinksToItsParentAndAdvancesHeight()
    {
        var h = new ChainHarness();
        var genesis = h.Chain.Tip;

        var blocks = h.Chain.MineBlocks(3);

        Assert.Equal(3, h.Chain.Height);
        Assert.Equal(genesis.Hash, blocks[0].ParentHash);
        Assert.Equal(blocks[0].Hash, blocks[1].ParentHash);
        Assert.Equal(blocks[1].Hash, blocks[2].ParentHash);
        Assert.Equal(blocks[2], h.Chain.GetBlock(3));
        Assert.Equal(3, blocks.Select(b => b.Hash).Distinct().Count());
    }

    [Fact]
    public void MineBlock_Timestamp_ComesFromTheTimeProvider()
    {
        var h = new ChainHarness();
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var block = h.Chain.MineBlock();

        Assert.Equal(h.Time.GetUtcNow(), block.Timestamp);
    }

    [Fact]
    public void Account_AddressBreaksRule_ThrowsArgumentException()
    {
        var chain = new SimulatedChain();

        Assert.Throws<ArgumentException>(() => chain.Account("Alice"));
        Assert.Throws<ArgumentException>(() => chain.Account("1abc"));
        Assert.Throws<ArgumentException>(() => chain.Account(new string('a', 65)));
        Assert.Equal("sim:local:home-7", chain.Account("home-7").ToString());
    }

    [Fact]
    public void Fund_AccountOnAnotherChainOrForeignAsset_ThrowsArgumentException()
    {
        var h = new ChainHarness();
        var elsewhere = SettlementAccount.Create(ChainId.Parse("eip155:1"), "0xab");
        var foreign = new Asset(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");

        Assert.Throws<ArgumentException>(() => h.Chain.Fund(elsewhere, h.Units(1)));
        Assert.Throws<ArgumentException>(() => h.Chain.Fund(h.Alice, new Money(1, foreign)));
        Assert.Throws<ArgumentException>(() => h.Chain.Fund(h.Alice, h.Units(0)));
    }

    [Fact]
    public void SetBalance_LowersAndRaises_CountsTheDifferenceAsIssued()
    {
        var h = new ChainHarness();

        h.Chain.SetBalance(h.Payer, h.Units(10));
        h.Chain.SetBalance(h.Alice, h.Units(25));

        Assert.Equal(10, h.Balance(h.Payer));
        Assert.Equal(h.Units(35), h.Chain.TotalIssued(h.Sim));
        h.AssertConserved();
    }

    [Fact]
    public async Task MineBlock_PayerDrainedAfterSubmission_LeavesTransactionPendingUntilFunded()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.SetBalance(h.Payer, h.Units(100));

        h.Chain.MineBlock();
        var waiting = await h.StatusAsync(tx);
        h.Chain.Fund(h.Payer, h.Units(10_000));
        h.Chain.MineBlock();

        Assert.Equal(SettlementState.Pending, waiting.State);
        Assert.Contains("funds", waiting.Detail, StringComparison.Ordinal);
        Assert.Equal(SettlementState.Included, (await h.StatusAsync(tx)).State);
        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task MineBlock_SequenceGap_DoesNotBlockLaterSequences()
    {
        var h = new ChainHarness();
        var first = await h.Provider.PrepareAsync(h.Batch("b-1", 500));
        var second = await h.PayAsync(h.Batch("b-2", 700));

        var block = h.Chain.MineBlock();
        await h.Provider.SubmitAsync(first);
        var next = h.Chain.MineBlock();

        Assert.Equal((0UL, 1UL), (first.Sequence!.Value, second.Sequence!.Value));
        Assert.Equal([second.TransactionId], block.TransactionIds);
        Assert.Equal([first.TransactionId], next.TransactionIds);
        Assert.Equal(1200, h.Balance(h.Alice));
    }

    [Fact]
    public async Task Reorg_DepthBeyondHeight_ThrowsAndChangesNothing()
    {
        var h = new ChainHarness();
        await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.MineBlock();

        Assert.Throws<ArgumentOutOfRangeException>(() => h.Chain.Reorg(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Chain.Reorg(0));
        Assert.Equal(1, h.Chain.Height);
        Assert.Equal(500, h.Balance(h.Alice));
    }
}
