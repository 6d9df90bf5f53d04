namespace EnergySettlement.Sqlite.Settlement;

/// <summary>An obligation's row in <c>settled_obligation</c>, ordered as its primary key (ordinal text, as SQLite's
/// binary collation orders ASCII).</summary>
internal readonly record struct ObligationKey(string Market, long Start, long Length, string Id) : IComparable<ObligationKey>
{
    public int CompareTo(ObligationKey other)
    {
        var byMarket = string.CompareOrdinal(Market, other.Market);
        if (byMarket != 0)
        {
            return byMarket;
        }

        var byStart = Start.CompareTo(other.Start);
        if (byStart != 0)
        {
            return byStart;
        }

        var byLength = Length.CompareTo(other.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(Id, other.Id);
    }

    /// <summary>Whether both keys are of one market and period.</summary>
    public bool SamePeriod(ObligationKey other) => Start == other.Start && Length == other.Length && string.Equals(Market, other.Market, StringComparison.Ordinal);
}

/// <summary>The ids of a plan's obligations of one market and period, as a JSON array of text in ordinal order.</summary>
internal sealed record ObligationKeyGroup(string Market, long Start, long Length, string Ids);
