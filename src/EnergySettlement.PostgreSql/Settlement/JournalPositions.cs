using EnergySettlement.PostgreSql.Writing;

namespace EnergySettlement.PostgreSql.Settlement;

/// <summary>
/// Hands out the settlement journal's positions from the one row of <c>journal_counter</c>. The update locks the row
/// until the appending transaction commits, so hosts take positions one commit after another: positions increase in
/// commit order, and a follower of the position feed never finds a smaller position committed after a larger one (a
/// PostgreSQL sequence would not promise that). The lock is held only for the writer's group commit.
/// </summary>
internal static class JournalPositions
{
    /// <summary>Takes <paramref name="count"/> consecutive positions and returns the first.</summary>
    public static async Task<long> TakeAsync(PostgreSqlWriteContext context, string quotedSchema, int count)
    {
        var last = (long)(await context.WriteScalarAsync($"UPDATE {quotedSchema}.journal_counter SET last_position = last_position + $1 WHERE id = 1 RETURNING last_position;", (long)count).ConfigureAwait(false))!;
        return last - count + 1;
    }
}
