namespace EnergySettlement.Settlement;

/// <summary>A net amount one participant owes another after netting, in the quote asset, with what it covers: indices
/// into the plan's new obligations and into the request's carried amounts.</summary>
internal readonly record struct NetPayment(int Payer, int Payee, Int128 Amount, int[] Obligations, int[] Carried);
