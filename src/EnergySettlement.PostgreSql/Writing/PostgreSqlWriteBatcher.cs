namespace EnergySettlement.PostgreSql.Writing;

/// <summary>
/// A kind of small write that the writer applies many at a time: when a group commit holds a run of consecutive writes
/// of one batcher, it hands the whole run to <see cref="ApplyAsync"/>, which runs a few set-based statements for all of
/// them instead of a few statements for each (one query for what is recorded, one counter update, one insert).
/// </summary>
/// <remarks>
/// The outcome must be exactly what applying the writes one after another would give: a later write sees what an
/// earlier one of the run added. Every check runs before anything is written, so a refused write is only marked in
/// <c>refusals</c> and writes nothing; the others still commit.
/// </remarks>
internal abstract class PostgreSqlWriteBatcher
{
    /// <summary>Applies <paramref name="count"/> writes of <paramref name="group"/> from <paramref name="start"/> on, in
    /// order, inside the group's transaction: sets each write's result, or its refusal at the same index of
    /// <paramref name="refusals"/>.</summary>
    public abstract Task ApplyAsync(PostgreSqlWriteContext context, IReadOnlyList<PostgreSqlWrite> group, int start, int count, Exception?[] refusals);
}
