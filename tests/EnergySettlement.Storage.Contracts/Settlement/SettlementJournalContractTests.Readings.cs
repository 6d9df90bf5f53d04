using EnergySettlement.Settlement;
using Xunit;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.Storage.Contracts.Settlement;

/// <summary>The bulk reading append (<see cref="ISettlementJournal.AppendReadingsAsync"/>): the single append's rules per
/// reading, in list order, all or none.</summary>
public abstract partial class SettlementJournalContractTests
{
    [Fact]
    public async Task AppendReadingsAsync_NewList_AddsEveryReadingWithPositionsInListOrder()
    {
        var journal = await CreateJournalAsync();
        RecordedReading[] readings = [Reading("m2"), Reading("m1"), Reading("m3", Period.Next)];

        var added = await journal.AppendReadingsAsync(readings);

        Assert.Equal(3, added);
        var feed = await journal.GetReadingsAfterAsync(0, 10);
        Assert.Equal(readings, feed);
        Assert.True(feed[0].Position > 0 && feed[0].Position < feed[1].Position && feed[1].Position < feed[2].Position);
        Assert.Equal([readings[1], readings[0]], await journal.GetLatestReadingsAsync(Period));
    }

    [Fact]
    public async Task AppendReadingsAsync_SameListAgain_AddsNothingAndKeepsPositions()
    {
        var journal = await CreateJournalAsync();
        RecordedReading[] readings = [Reading("m1"), Reading("m1", exported: 1_100, revision: 1), Reading("m2")];
        await journal.AppendReadingsAsync(readings);
        var before = await journal.GetReadingsAfterAsync(0, 10);

        var added = await journal.AppendReadingsAsync(readings.Select(r => r with { Reading = r.Reading with { Signature = r.Reading.Signature.ToArray() } }).ToArray());

        Assert.Equal(0, added);
        var after = await journal.GetReadingsAfterAsync(0, 10);
        Assert.Equal(before, after);
        Assert.Equal(before.Select(r => r.Position), after.Select(r => r.Position));
    }

    [Fact]
    public async Task AppendReadingsAsync_SomeRecordedBefore_CountsOnlyTheNew()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));
        await journal.AppendReadingAsync(Reading("m2"));

        var added = await journal.AppendReadingsAsync([Reading("m1"), Reading("m3"), Reading("m2"), Reading("m2", exported: 900, revision: 1)]);

        Assert.Equal(2, added);
        Assert.Equal(["m1", "m2", "m3"], (await journal.GetLatestReadingsAsync(Period)).Select(r => r.Meter.Value));
        Assert.Equal(2, (await journal.GetReadingRevisionsAsync(new MeterId("m2"), Period.Start)).Count);
        Assert.Equal(4, (await journal.GetReadingsAfterAsync(0, 10)).Count);
    }

    [Fact]
    public async Task AppendReadingsAsync_OneConflictingWithARecordedRevision_ThrowsConflictAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m2", exported: 1_200));

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() =>
            journal.AppendReadingsAsync([Reading("m1"), Reading("m2", exported: 1_300), Reading("m3")]));

        Assert.Contains("m2", conflict.Key, StringComparison.Ordinal);
        Assert.Equal(Reading("m2", exported: 1_200), Assert.Single(await journal.GetReadingsAfterAsync(0, 10)));
    }

    [Fact]
    public async Task AppendReadingsAsync_RevisionGap_ThrowsArgumentAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));

        await Assert.ThrowsAsync<ArgumentException>(() =>
            journal.AppendReadingsAsync([Reading("m2"), Reading("m1", exported: 900, revision: 2), Reading("m3")]));

        Assert.Single(await journal.GetReadingsAfterAsync(0, 10));
    }

    [Fact]
    public async Task AppendReadingsAsync_RevisionsBeforeTheirPredecessorInTheList_ThrowsArgumentAndWritesNothing()
    {
        var journal = await CreateJournalAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            journal.AppendReadingsAsync([Reading("m1", exported: 900, revision: 1), Reading("m1")]));

        Assert.Empty(await journal.GetReadingsAfterAsync(0, 10));
    }

    [Fact]
    public async Task AppendReadingsAsync_SameKeyTwiceInOneList_ThrowsArgumentAndWritesNothing()
    {
        var journal = await CreateJournalAsync();

        var same = await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendReadingsAsync([Reading("m1"), Reading("m2"), Reading("m1")]));
        var other = await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendReadingsAsync([Reading("m1"), Reading("m1", exported: 1_300)]));

        Assert.Equal("readings", same.ParamName);
        Assert.Equal("readings", other.ParamName);
        Assert.Empty(await journal.GetReadingsAfterAsync(0, 10));
    }

    [Fact]
    public async Task AppendReadingsAsync_RevisionsZeroToTwoInOneList_AddsThemInOrder()
    {
        var journal = await CreateJournalAsync();
        RecordedReading[] revisions = [Reading("m1"), Reading("m1", exported: 1_100, revision: 1), Reading("m1", exported: 1_000, revision: 2)];

        var added = await journal.AppendReadingsAsync(revisions);

        Assert.Equal(3, added);
        Assert.Equal(revisions, await journal.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start));
        Assert.Equal(revisions[2], Assert.Single(await journal.GetLatestReadingsAsync(Period)));
    }

    [Fact]
    public async Task AppendReadingsAsync_RecordedRevisionThenItsCorrection_AddsOnlyTheCorrection()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));

        var added = await journal.AppendReadingsAsync([Reading("m1"), Reading("m1", exported: 1_100, revision: 1)]);

        Assert.Equal(1, added);
        Assert.Equal(2, (await journal.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start)).Count);
    }

    [Fact]
    public async Task AppendReadingsAsync_EmptyList_ReturnsZeroAndWritesNothing()
    {
        var journal = await CreateJournalAsync();

        Assert.Equal(0, await journal.AppendReadingsAsync([]));

        Assert.Empty(await journal.GetReadingsAfterAsync(0, 10));
    }

    [Fact]
    public async Task AppendReadingsAsync_NullListOrEntries_ThrowTypedErrorsAndWriteNothing()
    {
        var journal = await CreateJournalAsync();
        var valid = Reading("m1");

        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.AppendReadingsAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.AppendReadingsAsync([valid, null!]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.AppendReadingsAsync([valid, valid with { Reading = null! }]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.AppendReadingsAsync([valid, Reading("m2") with { Revision = -1 }]));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendReadingsAsync([valid, Reading("m2") with { Reading = valid.Reading with { Meter = default } }]));

        Assert.Empty(await journal.GetReadingsAfterAsync(0, 10));
    }

    [Fact]
    public async Task AppendReadingsAsync_AfterReopen_TheListIsStillThereAndRepeatsAddNothing()
    {
        var journal = await CreateJournalAsync();
        RecordedReading[] readings = [Reading("m1"), Reading("m2"), Reading("m1", exported: 1_000, revision: 1)];
        await journal.AppendReadingsAsync(readings);

        var reopened = await ReopenAsync(journal);

        Assert.Equal(readings, await reopened.GetReadingsAfterAsync(0, 10));
        Assert.Equal(0, await reopened.AppendReadingsAsync(readings));
    }
}
