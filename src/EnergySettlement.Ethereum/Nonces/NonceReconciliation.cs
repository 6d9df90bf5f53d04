namespace EnergySettlement.Ethereum.Nonces;

/// <summary>What a reconciliation of recorded nonces with the chain found.</summary>
/// <param name="NextNonce">The next nonce the account will use.</param>
/// <param name="Latest">The chain's transaction count at <c>latest</c> (mined).</param>
/// <param name="Pending">The chain's transaction count at <c>pending</c> (mined plus mempool).</param>
/// <param name="Outstanding">Recorded transactions not yet completed.</param>
/// <param name="Rebroadcast">Recorded transactions the node did not know, sent again with the same bytes.</param>
/// <param name="TakenElsewhere">Nonces the chain is past without any of our recorded transactions for them.</param>
internal sealed record NonceReconciliation(ulong NextNonce, ulong Latest, ulong Pending, int Outstanding, int Rebroadcast, int TakenElsewhere);
