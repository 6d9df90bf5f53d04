namespace EnergySettlement.Settlement;

/// <summary>A net amount one participant owes another after netting, in the quote asset, with what it covers:
/// <see cref="ObligationCount"/> entries of <see cref="Netting.ObligationOrder"/> from <see cref="ObligationStart"/> (indices
/// into the plan's new obligations) and likewise entries of <see cref="Netting.CarriedOrder"/> (indices into the request's
/// carried amounts), each range in ascending order.</summary>
internal readonly record struct NetPayment(int Payer, int Payee, Int128 Amount, int ObligationStart, int ObligationCount, int CarriedStart, int CarriedCount);
