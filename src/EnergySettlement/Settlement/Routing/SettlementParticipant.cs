namespace EnergySettlement.Settlement;

/// <summary>A participant as settlement sees it: its id and the accounts it pays from and is paid to, by preference.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SettlementParticipant
{
    /// <summary>Creates the participant.</summary>
    /// <param name="id">The participant.</param>
    /// <param name="accounts">Its accounts; the same account and asset at most once.</param>
    /// <exception cref="ArgumentException">The id is the default value, or an account and asset appear twice.</exception>
    public SettlementParticipant(ParticipantId id, IEnumerable<ParticipantAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        if (id == default)
        {
            throw new ArgumentException("The participant id must be set.", nameof(id));
        }

        var list = accounts.ToList();
        var seen = new HashSet<(Chains.SettlementAccount, AssetId)>();
        foreach (var account in list)
        {
            ArgumentNullException.ThrowIfNull(account, nameof(accounts));
            if (!seen.Add((account.Account, account.Asset.Id)))
            {
                throw new ArgumentException($"Participant '{id}' lists account {account.Account} for {account.Asset.Symbol} twice.", nameof(accounts));
            }
        }

        // Most preferred first; equal ranks in a fixed order so routing never depends on the order given.
        list.Sort(static (a, b) =>
        {
            var byRank = a.Rank.CompareTo(b.Rank);
            if (byRank != 0)
            {
                return byRank;
            }

            var byAccount = string.CompareOrdinal(a.Account.ToString(), b.Account.ToString());
            return byAccount != 0 ? byAccount : string.CompareOrdinal(a.Asset.Id.ToString(), b.Asset.Id.ToString());
        });
        Id = id;
        Accounts = list.AsReadOnly();
    }

    /// <summary>Gets the participant's id.</summary>
    public ParticipantId Id { get; }

    /// <summary>Gets the accounts, most preferred first (ties in ordinal order of account, then asset).</summary>
    public IReadOnlyList<ParticipantAccount> Accounts { get; }
}
