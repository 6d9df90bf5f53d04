namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// How the adapter numbers batches for <c>BatchSettlementV2</c>'s once-only bits (one bit per payer and batch number;
/// 256 numbers share a storage word). Version 1 keys by batch id and ignores this setting.
/// </summary>
public enum BatchNumbering
{
    /// <summary>
    /// The batch number is the account nonce of the batch's first transaction: dense, so a batch usually pays a warm
    /// non-zero write (about 5,000 gas) instead of a fresh slot (about 22,100). The chain refuses a number used twice; the
    /// adapter binds a batch id to one number: while its transaction is outstanding the sequence store returns the same
    /// transaction, and before numbering a batch anew it looks for the id's <c>BatchSettled</c> event on chain and waits
    /// out transactions of the account that its store does not know.
    /// </summary>
    AccountNonce = 0,

    /// <summary>
    /// The batch number is keccak256 of the batch id, so the chain alone refuses a second settlement of an id by the same
    /// payer, whatever happens to the adapter's state — at the price of a fresh storage word per batch (about 17,100 gas
    /// more than <see cref="AccountNonce"/>).
    /// </summary>
    BatchIdHash = 1,
}
