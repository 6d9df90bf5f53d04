namespace EnergySettlement.Settlement;

/// <summary>What a <see cref="SettlementReceipt"/> tells.</summary>
public enum SettlementReceiptKind
{
    /// <summary>The batch is paid: its transaction is final under the chain's rule.</summary>
    Paid = 0,

    /// <summary>A batch reported paid is no longer: its final transaction left the chain in a reorganisation deeper than the
    /// finality rule. The batch resumes (the same bytes are sent again) and a new <see cref="Paid"/> receipt follows.</summary>
    Reversed = 1,
}
