namespace EnergySettlement.Settlement;

/// <summary>What <see cref="Netter"/> found: the net payments in the order they are routed, and the index arrays their
/// ranges point into (one array each instead of an array per payment).</summary>
internal sealed class Netting(List<NetPayment> payments, int[] obligationOrder, int[] carriedOrder)
{
    public List<NetPayment> Payments { get; } = payments;

    public int[] ObligationOrder { get; } = obligationOrder;

    public int[] CarriedOrder { get; } = carriedOrder;
}
