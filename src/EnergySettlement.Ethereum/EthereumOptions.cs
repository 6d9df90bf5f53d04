using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Sequencing;
using Polly;

namespace EnergySettlement.Ethereum;

/// <summary>
/// Configuration of one <see cref="EthereumSettlementProvider"/>: the node, the chain, the assets, finality, fee policy,
/// the signers of the paying accounts, the batch-settlement contract and the resilience of JSON-RPC calls. Validated by
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

    /// <summary>Gets or sets the address of the deployed batch-settlement contract (<c>BatchSettlementV2</c>, or
    /// <c>BatchSettlement</c> version 1) every batch is paid through.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public string? ContractAddress { get; set; }

    /// <summary>
    /// Gets or sets which contract version is deployed at <see cref="ContractAddress"/>. With
    /// <see cref="BatchSettlementVersion.Detect"/> the adapter asks the contract on first use; a named version is checked
    /// the same way, and a contract that answers otherwise is refused before anything is signed.
    /// </summary>
    /// <value>The default is <see cref="BatchSettlementVersion.Detect"/>. <see cref="ChainCapabilities"/> are computed at
    /// start-up, so name the version to get its batch size (Detect assumes the larger per-payout gas of version 1).</value>
    public BatchSettlementVersion ContractVersion { get; set; } = BatchSettlementVersion.Detect;

    /// <summary>Gets or sets how batches are numbered for version 2's once-only bits (see <see cref="Contracts.BatchNumbering"/>).</summary>
    /// <value>The default is <see cref="BatchNumbering.AccountNonce"/> (cheapest; the adapter binds each batch id to one number).</value>
    public BatchNumbering BatchNumbering { get; set; } = BatchNumbering.AccountNonce;

    /// <summary>
    /// Gets or sets whether version 2 also writes each payout's reference to the logs (one <c>Payout</c> event per payout,
    /// references in calldata), for operators who want them on chain beside the commitment. Version 1 always does.
    /// </summary>
    /// <value>The default is <see langword="false"/>: references stay off chain, bound by the batch's commitment (the
    /// switch costs about 3,600 gas per payout with an 18-character reference, more with longer ones; docs/ethereum.md).</value>
    public bool PublishReferences { get; set; }

    /// <summary>Gets or sets the block the contract was deployed in: where searches for <c>BatchSettled</c> events start.</summary>
    /// <value>The default is 0 (the genesis block). Set it on long chains: some providers limit the block range of <c>eth_getLogs</c>.</value>
    public ulong ContractDeploymentBlock { get; set; }

    /// <summary>Gets or sets the chain's block gas limit, from which <see cref="ChainCapabilities.MaxPayoutsPerTransaction"/> is derived:
    /// a batch transaction uses at most half a block and at most 2^24 gas (EIP-7825), with <see cref="GasLimitHeadroomPercent"/> on top.</summary>
    /// <value>The default is 30,000,000 (the usual EVM value; Ethereum mainnet's limit is higher, so the 2^24 cap applies there).</value>
    public ulong BlockGasLimit { get; set; } = 30_000_000;

    /// <summary>
    /// Gets or sets the signer of the paying account (an in-process key, an HSM or a KMS). Must sign secp256k1. With
    /// <see cref="Signers"/> it is the first paying account (<see cref="EthereumSettlementProvider.Account"/>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: then <see cref="Signers"/> must hold at least one signer.</value>
    public ISigner? Signer { get; set; }

    /// <summary>
    /// Gets the signers of further paying accounts, one per account (after <see cref="Signer"/>, when that is set): one
    /// provider then pays each batch from its <see cref="Chains.SettlementBatch.Payer"/>'s key, with one nonce sequence per
    /// account, so batches of different payers are signed and sent concurrently. A batch from an account without a signer is
    /// refused before anything is signed.
    /// </summary>
    /// <value>The default is empty. <see cref="Signer"/> and <see cref="Signers"/> together must name at least one account,
    /// and no account twice.</value>
    public IList<ISigner> Signers { get; } = [];

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

    /// <summary>Gets or sets a lower limit on the payouts one transaction carries than the one derived from <see cref="BlockGasLimit"/>.</summary>
    /// <value>The default is <see langword="null"/>: the derived limit (docs/ethereum.md shows it per version).</value>
    public int? MaxPayoutsPerTransaction { get; set; }

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
