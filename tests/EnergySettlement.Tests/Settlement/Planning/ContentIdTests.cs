using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Content-derived ids: stable across instances and releases (journals store them), different for different content.</summary>
public sealed class ContentIdTests
{
    private static Obligation Sample(long units = 180_000, int sequence = 0) => new(
        new MarketId("sunny-street"),
        DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M"),
        ObligationReason.Trade,
        new ParticipantId("home-2"),
        new ParticipantId("home-1"),
        TestAssets.Usd(units),
        Energy.Parse("1.5 kWh"),
        new TradeId("sunny-street/20260621T110000Z/2-1@639174720000000000"),
        adjusts: sequence > 0 ? new ObligationId("ob-00000000000000000000000000000000") : null,
        sequence: sequence);

    [Fact]
    public void Id_SameContent_SameIdAcrossInstances() => Assert.Equal(Sample().Id, Sample().Id);

    [Fact]
    public void Id_OtherAmount_OtherId() => Assert.NotEqual(Sample().Id, Sample(units: 180_001).Id);

    [Fact]
    public void Id_OtherSequence_OtherId() => Assert.NotEqual(Sample(sequence: 1).Id, Sample(sequence: 2).Id);

    [Fact]
    public void Id_KnownObligation_IsPinned()
    {
        // Journals store these ids: a change to the encoding must be deliberate (a new domain tag), never accidental.
        Assert.Equal("ob-", Sample().Id.Value[..3]);
        Assert.Equal(35, Sample().Id.Value.Length);
        Assert.Equal(PinnedId, Sample().Id.Value);
    }

    [Fact]
    public void CreateId_BatchIdentity_DerivedFromWindowPayerAssetAndPart()
    {
        var window = new SettlementWindow(new MarketId("sunny-street"), DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M"), 4).Id;
        var payer = TestAssets.EthAccount(7);

        Assert.NotEqual(PlannedBatch.CreateId(window, payer, TestAssets.Usdc, 1), PlannedBatch.CreateId(window, payer, TestAssets.Usdc, 2));
        Assert.Equal(PlannedBatch.CreateId(window, payer, TestAssets.Usdc, 1), PlannedBatch.CreateId(window, payer, TestAssets.Usdc, 1));
        Assert.EndsWith("-2", PlannedBatch.CreateId(window, payer, TestAssets.Usdc, 2).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowId_IsMarketStartAndCount() =>
        Assert.Equal("sunny-street/2026-06-21T11:00:00Z/4xPT15M", new SettlementWindow(new MarketId("sunny-street"), DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M"), 4).Id.Value);

    private const string PinnedId = "ob-e0651a4232680c5833b2a70e9cea1d00";
}
