namespace EnergySettlement.Settlement;

/// <summary>The legs the router made, in order, each with its batch group (paying account and asset, numbered by the
/// router) and the ordinal rank of its receiving address among all accounts' addresses: what the batcher sorts by.</summary>
internal sealed class RoutedLegs(int capacity)
{
    public List<SettlementLeg> Legs { get; } = new(capacity);

    public List<int> Group { get; } = new(capacity);

    public List<int> PayeeRank { get; } = new(capacity);

    public void Add(SettlementLeg leg, int group, int payeeRank)
    {
        Legs.Add(leg);
        Group.Add(group);
        PayeeRank.Add(payeeRank);
    }

    public void AddRange(RoutedLegs other)
    {
        Legs.AddRange(other.Legs);
        Group.AddRange(other.Group);
        PayeeRank.AddRange(other.PayeeRank);
    }
}
