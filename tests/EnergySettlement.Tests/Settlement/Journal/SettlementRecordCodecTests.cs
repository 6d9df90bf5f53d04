using EnergySettlement.Settlement;
using EnergySettlement.Storage.Contracts.Settlement;

namespace EnergySettlement.Tests.Settlement.Journal;

public sealed class SettlementRecordCodecTests
{
    [Fact]
    public void DecodePlan_EncodedPlan_GivesAnEqualPlanWithTheSameIds()
    {
        var plan = JournalSamples.Plan(periods: 2, reopened: [JournalSamples.Period.Next.Next.Next]);

        var decoded = SettlementRecordCodec.DecodePlan(SettlementRecordCodec.EncodePlan(plan), position: 9);

        Assert.Equal(plan, decoded);
        Assert.Equal(9, decoded.Position);
        Assert.Equal(plan.Plan.Obligations.Select(o => o.Id), decoded.Plan.Obligations.Select(o => o.Id));
        Assert.Equal(plan.Plan.Legs.Select(l => l.Id), decoded.Plan.Legs.Select(l => l.Id));
        Assert.Equal(plan.Plan.CarriedForward.Select(c => c.Id), decoded.Plan.CarriedForward.Select(c => c.Id));
        Assert.Equal(plan.Plan.Batches[1].Legs[0].Rate, decoded.Plan.Batches[1].Legs[0].Rate);
        Assert.Same(decoded.Plan.Legs[1], decoded.Plan.Batches[1].Legs[0]);
    }

    [Fact]
    public void EncodePlan_SameContent_GivesTheSameBytes()
    {
        Assert.Equal(SettlementRecordCodec.EncodePlan(JournalSamples.Plan()), SettlementRecordCodec.EncodePlan(JournalSamples.Plan()));
        Assert.NotEqual(SettlementRecordCodec.EncodePlan(JournalSamples.Plan()), SettlementRecordCodec.EncodePlan(JournalSamples.Plan(scale: 2)));
    }

    [Fact]
    public void DecodePlan_TruncatedBytes_ThrowsFormatException()
    {
        var bytes = SettlementRecordCodec.EncodePlan(JournalSamples.Plan());

        Assert.Throws<FormatException>(() => SettlementRecordCodec.DecodePlan(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void DecodePlan_TrailingBytes_ThrowsFormatException()
    {
        var bytes = SettlementRecordCodec.EncodePlan(JournalSamples.Plan());

        Assert.Throws<FormatException>(() => SettlementRecordCodec.DecodePlan([.. bytes, 0]));
    }

    [Fact]
    public void DecodeObligation_ARecordOfAnotherKind_ThrowsFormatException()
    {
        var carried = SettlementRecordCodec.EncodeCarriedAmount(JournalSamples.Plan().Plan.CarriedForward[0]);

        Assert.Throws<FormatException>(() => SettlementRecordCodec.DecodeObligation(carried));
    }

    [Fact]
    public void DecodeObligationCarriedHeldTradeAndBatch_RoundTrip()
    {
        var plan = JournalSamples.Plan().Plan;
        var batch = JournalSamples.Batch("b-1") with { Window = plan.WindowId };

        Assert.Equal(plan.Obligations[1].Id, SettlementRecordCodec.DecodeObligation(SettlementRecordCodec.EncodeObligation(plan.Obligations[1])).Id);
        Assert.Equal(plan.CarriedForward[0].Id, SettlementRecordCodec.DecodeCarriedAmount(SettlementRecordCodec.EncodeCarriedAmount(plan.CarriedForward[0])).Id);
        Assert.Equal(plan.HeldTrades[0], SettlementRecordCodec.DecodeHeldTrade(SettlementRecordCodec.EncodeHeldTrade(plan.HeldTrades[0])));
        Assert.Equal(plan.Deliveries[0].Trade, SettlementRecordCodec.DecodeTrade(SettlementRecordCodec.EncodeTrade(plan.Deliveries[0].Trade)));
        Assert.Equal(batch, SettlementRecordCodec.DecodeBatch(SettlementRecordCodec.EncodeBatch(batch)));
    }
}
