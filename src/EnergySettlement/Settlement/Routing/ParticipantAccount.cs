using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>
/// One way a participant can pay and be paid: an account on a chain, the asset it uses there, and a rank
/// (0 is the most preferred). The router picks, for each leg, a chain and asset both sides have, by rank.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ParticipantAccount
{
    /// <summary>Creates the account entry.</summary>
    /// <param name="account">The account.</param>
    /// <param name="asset">The asset paid and received there; must live on the account's chain.</param>
    /// <param name="rank">The preference, 0 (most preferred) or more.</param>
    /// <exception cref="ArgumentException">The account is the default value or the asset is on another chain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rank is negative.</exception>
    public ParticipantAccount(SettlementAccount account, Asset asset, int rank = 0)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (account == default)
        {
            throw new ArgumentException("The account must be set.", nameof(account));
        }

        if (asset.Id.ChainId != account.ChainId)
        {
            throw new ArgumentException($"The asset {asset} is not on the account's chain {account.ChainId}.", nameof(asset));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        Account = account;
        Asset = asset;
        Rank = rank;
    }

    /// <summary>Gets the account.</summary>
    public SettlementAccount Account { get; }

    /// <summary>Gets the asset paid and received there.</summary>
    public Asset Asset { get; }

    /// <summary>Gets the chain.</summary>
    public ChainId ChainId => Account.ChainId;

    /// <summary>Gets the preference: 0 is the most preferred.</summary>
    public int Rank { get; }
}
