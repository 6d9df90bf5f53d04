using EnergySettlement.Chains;
using EnergySettlement.Sequencing;
using Polly;

namespace EnergySettlement.Ethereum;

/// <summary>
/// Configuration of one <see cref="EthereumSettlementProvider"/>: the node, the chain, the assets, finality, fee policy,
/// the signer, the batch-settlement contract and the resilience of JSON-RPC calls. Validated by
/// <see cref="EthereumOptionsValidator"/>, which reports every error at once.
/// </summary>
/// <remarks>Configure once at start-up; not thread-safe while being configured, read-only afterwards.</remarks>
public sealed class EthereumOptions
{
    /// <summary>Gets or sets the node's JSON-RPC endpoint (<c>http</c> or <c>https</c>). It may carry an API key; it is never logged in full.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public Uri? RpcUrl { get; set; }

    /// <summary>Gets or sets the EIP-155 chain id (1 for mainnet, 11155111 for Sepolia, 31337 for Anvil). The node must report the same.</summary>
    /// <value>The default is 0, which fails validation.</value>
    public ulong ChainId { get; set; }

    /// <summary>Gets or sets the native coin's symbol. The native asset is <c>eip155:&lt;chain id&gt;/slip44:60</c> with 18 decimals.</summary>
    /// <value>The default is <c>ETH</c>.</value>
    public string NativeSymbol { get; set; } = "ETH";

    /// <summary>Gets the ERC-20 tokens the provider may pay out, besides the native coin.</summary>
    /// <value>The default is empty.</value>
    public IList<EthereumTokenOptions> Tokens { get; } = [];

    /// <summary>Gets or sets the address of the deployed <c>BatchSettlement</c> contract every batch is paid through.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public string? ContractAddress { get; set; }

    /// <summary>Gets or sets the signer of the paying account (an in-process key, an HSM or a KMS). Must sign secp256k1.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public ISigner? Signer { get; set; }

    /// <summary>
    /// Gets or sets where nonces and signed bytes are recorded before broadcast. When <see langword="null"/>, the
    /// <see cref="ISequencedTransactionStore"/> registered in the service provider is used.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public ISequencedTransactionStore? SequenceStore { get; set; }

    /// <summary>Gets or sets the number of blocks (including the transaction's own) after which a payout is final; re-checked by block hash.</summary>
    /// <value>The default is 12. Use more on chains with deeper reorganisations; 1 on a proof-of-authority chain with instant finality.</value>
    public int Confirmations { get; set; } = 12;

    /// <summary>
    /// Gets or sets whether a payout is final once its block is at or below the node's <c>finalized</c> block (Ethereum's
    /// finality gadget) instead of after <see cref="Confirmations"/> blocks. The block hash is re-checked either way; a node
    /// without the tag falls back to confirmations.
    /// </summary>
    /// <value>The default is <see langword="false"/> (confirmations).</value>
    public bool UseFinalizedTag { get; set; }

    /// <summary>Gets or sets the typical time between blocks, used for <see cref="ChainCapabilities.TypicalTimeToFinality"/>.</summary>
    /// <value>The default is 12 seconds.</value>
    public TimeSpan BlockTime { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>Gets or sets the most payouts one transaction carries.</summary>
    /// <value>The default is 100 (about 3.5 million gas for native payouts to fresh accounts).</value>
    public int MaxPayoutsPerTransaction { get; set; } = 100;

    /// <summary>Gets or sets the cap on the max fee per gas, in wei. An estimate that would need more is refused with
    /// <see cref="Fees.FeeCapExceededException"/>, never paid silently; replacements are capped the same way.</summary>
    /// <value>The default is 200 gwei (200,000,000,000 wei).</value>
    public ulong MaxFeePerGasCap { get; set; } = 200_000_000_000;

    /// <summary>
    /// Gets or sets whether to send legacy (EIP-155, type 0) transactions priced with <c>eth_gasPrice</c> instead of
    /// EIP-1559 transactions, for EVM networks without a base fee (many proof-of-authority chains). The gas price is
    /// capped by <see cref="MaxFeePerGasCap"/> and raised by 12.5 % on replacement.
    /// </summary>
    /// <value>The default is <see langword="false"/> (EIP-1559).</value>
    public bool UseLegacyTransactions { get; set; }

    /// <summary>Gets or sets the smallest priority fee (tip) per gas offered, in wei.</summary>
    /// <value>The default is 1 gwei (1,000,000,000 wei).</value>
    public ulong MinPriorityFeePerGas { get; set; } = 1_000_000_000;

    /// <summary>Gets or sets the number of recent blocks <c>eth_feeHistory</c> looks at.</summary>
    /// <value>The default is 10.</value>
    public int FeeHistoryBlocks { get; set; } = 10;

    /// <summary>Gets or sets the percentile (0–100) of recent blocks' tips to offer.</summary>
    /// <value>The default is 50 (the median tip).</value>
    public int PriorityFeePercentile { get; set; } = 50;

    /// <summary>Gets or sets the headroom on the next block's base fee: max fee = multiplier × base fee + tip (then capped at
    /// <see cref="MaxFeePerGasCap"/>). 2 survives six consecutive full blocks (base fee +12.5% each).</summary>
    /// <value>The default is 2.</value>
    public int BaseFeeMultiplier { get; set; } = 2;

    /// <summary>Gets or sets the headroom added to <c>eth_estimateGas</c>, in percent, rounded up.</summary>
    /// <value>The default is 20.</value>
    public int GasLimitHeadroomPercent { get; set; } = 20;

    /// <summary>Gets or sets the timeout of one JSON-RPC attempt.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a transient JSON-RPC failure is retried (0 disables retries).</summary>
    /// <value>The default is 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay; later delays grow exponentially, with jitter.</summary>
    /// <value>The default is 200 milliseconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the share of failed calls (0 to 1) within 30 seconds that opens the circuit breaker.</summary>
    /// <value>The default is 0.5.</value>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the least number of calls within 30 seconds before the circuit breaker may open.</summary>
    /// <value>The default is 20.</value>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>Gets or sets how long an open circuit breaker refuses calls (each refused call throws <see cref="ChainUnavailableException"/>).</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets a callback that builds the JSON-RPC resilience pipeline instead of the default one (retry, circuit
    /// breaker, timeout from the options above). Strategies should treat exceptions whose
    /// <see cref="EnergySettlementException.IsTransient"/> is <see langword="true"/> as transient.
    /// </summary>
    /// <value>The default is <see langword="null"/> (use the default pipeline).</value>
    public Action<ResiliencePipelineBuilder>? ConfigureResilience { get; set; }
}
