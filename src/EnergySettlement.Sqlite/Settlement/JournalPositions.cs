using EnergySettlement.Sqlite.Writing;

namespace EnergySettlement.Sqlite.Settlement;

/// <summary>
/// Hands out the settlement journal's positions from the one row of <c>journal_counter</c>. Readings, batches and
/// transitions share the counter, so positions increase in append order across record kinds; the counter is written in
/// the appending transaction, so positions are taken in commit order and a reader that follows a position cursor never
/// finds a smaller position committed later.
/// </summary>
internal static class JournalPositions
{
    /// <summary>Takes <paramref name="count"/> consecutive positions and returns the first.</summary>
    public static long Take(SqliteWriteContext context, int count)
    {
        var command = context.RawStatement("UPDATE journal_counter SET last_position = last_position + $count WHERE id = 1 RETURNING last_position;");
        command.Bind(1, count);
        var last = command.ExecuteInt64()!.Value;
        return last - count + 1;
    }
}
