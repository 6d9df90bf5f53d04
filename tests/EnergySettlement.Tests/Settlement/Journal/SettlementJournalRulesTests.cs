using EnergySettlement.Settlement;
using EnergySettlement.Storage.Contracts.Settlement;

namespace EnergySettlement.Tests.Settlement.Journal;

/// <summary>The rules every journal shares (the built-in journals use them; their contract suites test them in place).</summary>
public sealed class SettlementJournalRulesTests
{
    [Fact]
    public void ReadingKey_IsMeterPeriodStartAndRevision() =>
        Assert.Equal("m1/" + JournalSamples.Period.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "#2",
            SettlementJournalRules.ReadingKey(JournalSamples.Reading("m1", revision: 2)));

    [Fact]
    public void AlreadyExistsOrConflict_SameContent_AlreadyExists() =>
        Assert.Equal(JournalWriteOutcome.AlreadyExists, SettlementJournalRules.AlreadyExistsOrConflict(JournalSamples.Reading("m1"), JournalSamples.Reading("m1"), "meter reading", "k"));

    [Fact]
    public void AlreadyExistsOrConflict_OtherContent_ThrowsConflictNamingTheKey()
    {
        var e = Assert.Throws<IdempotencyConflictException>(() =>
            SettlementJournalRules.AlreadyExistsOrConflict(JournalSamples.Reading("m1"), JournalSamples.Reading("m1", exported: 7), "meter reading", "the-key"));

        Assert.Equal("the-key", e.Key);
    }

    [Fact]
    public void CheckReading_NegativeRevisionOrNoMeter_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SettlementJournalRules.CheckReading(JournalSamples.Reading("m1") with { Revision = -1 }, "reading"));
        var noMeter = JournalSamples.Reading("m1");
        noMeter = noMeter with { Reading = noMeter.Reading with { Meter = default } };
        Assert.Throws<ArgumentException>(() => SettlementJournalRules.CheckReading(noMeter, "reading"));
        Assert.Throws<ArgumentNullException>(() => SettlementJournalRules.CheckReading(null!, "reading"));
    }

    [Fact]
    public void RevisionGap_SaysWhichRevisionIsNext() =>
        Assert.Contains("so the next is 1", SettlementJournalRules.RevisionGap(JournalSamples.Reading("m1", revision: 3), 1, "reading").Message, StringComparison.Ordinal);
}
