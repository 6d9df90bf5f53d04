using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>
/// Configures a <see cref="SimulatedChain"/>: its chain id, native coin and tokens, fee rule, batch limits and finality.
/// </summary>
/// <remarks>
/// A mutable options object, read once when the chain is created (later changes do not affect a running chain).
/// Not thread-safe while being configured. Every value is checked when the chain is created, and every problem is
/// reported at once.
/// </remarks>
public sealed class SimulatedChainOptions
{
    /// <summary>Gets or sets the CAIP-2 id of the simulated chain.</summary>
    /// <value>The default is <c>sim:local</c>.</value>
    public ChainId ChainId { get; set; } = ChainId.Parse("sim:local");

    /// <summary>Gets or sets the symbol of the native coin (fees are paid in it); 1 to 11 ASCII letters or digits.</summary>
    /// <value>The default is <c>SIM</c>. The coin's CAIP-19 id is <c>{ChainId}/native:{symbol}</c>.</value>
    public string NativeSymbol { get; set; } = "SIM";

    /// <summary>Gets or sets the number of decimals of the native coin (0 to 30).</summary>
    /// <value>The default is 8.</value>
    public int NativeDecimals { get; set; } = 8;

    /// <summary>
    /// Gets the extra token assets the chain carries, as symbol → decimals. A token's CAIP-19 id is
    /// <c>{ChainId}/token:{symbol}</c>.
    /// </summary>
    /// <value>The default is empty (native coin only).</value>
    public IDictionary<string, int> Tokens { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Gets or sets how many confirmations (blocks including and after the transaction's) make it final.</summary>
    /// <value>The default is 3. With 1, a transaction is final as soon as it is included.</value>
    public int ConfirmationsForFinality { get; set; } = 3;

    /// <summary>Gets or sets the fee of one transaction, in smallest units of the native coin, before any fee spike.</summary>
    /// <value>The default is 1000.</value>
    public long BaseFee { get; set; } = 1000;

    /// <summary>Gets or sets the fee added per payout, in smallest units of the native coin, before any fee spike.</summary>
    /// <value>The default is 100.</value>
    public long FeePerPayout { get; set; } = 100;

    /// <summary>Gets or sets the most payouts one transaction may carry.</summary>
    /// <value>The default is 50.</value>
    public int MaxPayoutsPerTransaction { get; set; } = 50;

    /// <summary>
    /// Gets or sets the most memo bytes one transaction may carry: the UTF-8 bytes of all its payouts' references added
    /// up. 0 means the chain carries no memo, and then a batch with any reference does not fit.
    /// </summary>
    /// <value>The default is 80.</value>
    public int MaxMemoBytes { get; set; } = 80;

    /// <summary>
    /// Gets or sets whether the chain pays each batch id at most once, as a settlement contract would: a submission for a
    /// batch already settled is refused, and a second transaction of the same batch is included only as a refused no-op.
    /// Turn it off to model a chain that knows nothing of batches (plain transfers), where only the payer's sequence slots
    /// stand between a careless pipeline and a double payment — what crash and fault tests should prove the pipeline itself
    /// never does. <see cref="SimulatedChain.GetSettlements"/> counts every payment of a batch either way.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnforceUniqueBatchIds { get; set; } = true;

    /// <summary>
    /// Gets or sets the nominal time between blocks. Blocks are only mined on demand; this figure only feeds
    /// <see cref="ChainCapabilities.TypicalTimeToFinality"/> (interval × <see cref="ConfirmationsForFinality"/>).
    /// </summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan BlockInterval { get; set; } = TimeSpan.FromSeconds(10);
}
