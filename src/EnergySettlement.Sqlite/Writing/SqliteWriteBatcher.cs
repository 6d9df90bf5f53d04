namespace EnergySettlement.Sqlite.Writing;

/// <summary>
/// A kind of small write that the writer applies many at a time: when a group commit holds a run of consecutive writes
/// of one batcher, it hands the whole run to <see cref="Apply"/>, inside one savepoint, which runs a few statements for
/// all of them (one query for what is recorded, one position take, one prepared insert each) instead of a savepoint and
/// every statement for each.
/// </summary>
/// <remarks>
/// The outcome must be exactly what applying the writes one after another would give: a later write sees what an
/// earlier one of the run added. Every check runs before anything is written, so a refused write is only marked in
/// <c>refusals</c> and writes nothing; the others still commit. Anything <see cref="Apply"/> throws rolls the whole run
/// back, and the writer then applies each write of it alone, in its own savepoint, so only a failing write fails.
/// Used only by the writer thread.
/// </remarks>
internal abstract class SqliteWriteBatcher
{
    /// <summary>Applies <paramref name="count"/> writes of <paramref name="group"/> from <paramref name="start"/> on, in
    /// order, inside the group's transaction: sets each write's result, or its refusal at the same index of
    /// <paramref name="refusals"/>.</summary>
    public abstract void Apply(SqliteWriteContext context, IReadOnlyList<SqliteWrite> group, int start, int count, Exception?[] refusals);
}
