using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Fees;
using EnergySettlement.Ethereum.Nonces;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Payouts;
using EnergySettlement.Ethereum.Receipts;
using EnergySettlement.Ethereum.Rpc;
using EnergySettlement.Ethereum.Transactions;
using EnergySettlement.Sequencing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Ethereum;

/// <summary>
/// Settles batches on Ethereum or an EVM chain through the batch-settlement contract (<c>BatchSettlementV2</c>, or
/// <c>BatchSettlement</c> version 1 for existing deployments): one EIP-1559 (or, with
/// <see cref="EthereumOptions.UseLegacyTransactions"/>, EIP-155 legacy) transaction pays every payout of a batch in ether
/// or an ERC-20 token, and the contract refuses a batch the payer has settled.
/// </summary>
/// <remarks>
/// <para>With version 2 the chain records one <see cref="BatchCommitment"/> per batch instead of per-payout references:
/// read it back with <see cref="GetSettlementAsync"/> or <see cref="FindSettlementsAsync"/> and check it against the
/// journal's batch (<see cref="BatchSettlementRecord.Matches"/>, <see cref="PayoutProof"/>).</para>
/// <para>Nonces are durable: each signed transaction is recorded with its bytes in the <see cref="ISequencedTransactionStore"/>
/// before <see cref="ChainSettlementProvider.PrepareAsync"/> returns, and reconciled with the chain on first use after a restart (no gaps, no
/// reuse; recorded transactions the node lost are re-broadcast with the same bytes).</para>
/// <para>Fees come from <c>eth_feeHistory</c> under <see cref="EthereumOptions.MaxFeePerGasCap"/>; a stuck transaction is
/// re-priced at the same nonce with <see cref="ChainSettlementProvider.AccelerateAsync"/>. A payout is final after
/// <see cref="EthereumOptions.Confirmations"/> blocks, re-checked by block hash, so a reorganisation that removes it is
/// noticed.</para>
/// <para>Several paying accounts: <see cref="EthereumOptions.Signer"/> and <see cref="EthereumOptions.Signers"/> give one
/// key per account (<see cref="Accounts"/>); each batch is signed with its <see cref="SettlementBatch.Payer"/>'s key and
/// numbered in that account's own nonce sequence, so batches of different payers are prepared concurrently while one
/// account's batches are sequenced one at a time. A batch from an account without a key is refused before anything is
/// signed (<see cref="ArgumentException"/>, see <see cref="CanPayFrom"/>).</para>
/// <para>Thread-safe. Use one provider per (chain, paying account) per process: an account belongs to one provider.</para>
/// </remarks>
public sealed class EthereumSettlementProvider : ChainSettlementProvider, IDisposable
{
    private readonly EthereumOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EthereumRpcClient _rpc;
    private readonly Dictionary<EthereumAddress, PayerKey> _payers = [];
    private readonly PayerKey _primary;
    private readonly FeeEstimator _fees;
    private readonly TransactionStatusReader _status;
    private readonly EthereumAddress _contract;
    private readonly int _maxPayouts;
    private readonly Dictionary<AssetId, EthereumAddress> _tokens = [];
    private readonly ConcurrentDictionary<ChainTransactionId, byte> _submitted = new();
    private readonly string _chainText;
    private volatile bool _chainChecked;
    private volatile int _version;

    /// <summary>Creates a provider.</summary>
    /// <param name="options">The options; validated here (every error at once).</param>
    /// <param name="sequenceStore">Where nonces and signed bytes are recorded before broadcast.</param>
    /// <param name="httpClient">The HTTP client for JSON-RPC (its own timeout should exceed <see cref="EthereumOptions.RequestTimeout"/>).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public EthereumSettlementProvider(
        EthereumOptions options,
        ISequencedTransactionStore sequenceStore,
        HttpClient httpClient,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : base(ChainIdOf(options))
    {
        ArgumentNullException.ThrowIfNull(sequenceStore);
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EthereumSettlementProvider>();
        _chainText = ChainId.ToString();
        _contract = EthereumAddress.Parse(options.ContractAddress!);
        _rpc = new EthereumRpcClient(httpClient, options.RpcUrl!, ChainId, RpcResiliencePipeline.Build(options, _time), _logger, _time);

        // One key and one nonce sequence per paying account: Signer first (when set), then Signers, in order.
        var accounts = new List<SettlementAccount>();
        IEnumerable<ISigner> signers = options.Signer is null ? options.Signers : [options.Signer, .. options.Signers];
        foreach (var signer in signers)
        {
            var address = EthereumAddress.FromPublicKey(Secp256k1PublicKey.Parse(signer.PublicKey.Span));
            var account = SettlementAccount.Create(ChainId, address.ToString());
            _payers.Add(address, new PayerKey(signer, address, account, new NonceSequencer(_rpc, sequenceStore, account, address, _logger)));
            accounts.Add(account);
        }

        Accounts = accounts.AsReadOnly();
        _primary = _payers[EthereumAddress.Parse(accounts[0].Address)];
        Address = _primary.Address;
        Account = _primary.Account;

        var native = new Asset(AssetId.Parse($"{ChainId}/slip44:60"), 18, options.NativeSymbol);
        var assets = new List<Asset> { native };
        foreach (var token in options.Tokens)
        {
            var address = EthereumAddress.Parse(token.Address);
            var asset = new Asset(AssetId.Parse($"{ChainId}/erc20:{token.Address.ToLowerInvariant()}"), token.Decimals, token.Symbol);
            _tokens.Add(asset.Id, address);
            assets.Add(asset);
        }

        // Capabilities are fixed at start-up: with Detect, the figures of version 1 (the larger) bound the batch size.
        var sizing = options.ContractVersion;
        var referencesOnChain = sizing != BatchSettlementVersion.V2 || options.PublishReferences;
        var derived = SettlementGas.MaxPayouts(options.BlockGasLimit, options.GasLimitHeadroomPercent, sizing, referencesOnChain);
        _maxPayouts = Math.Min(derived, options.MaxPayoutsPerTransaction ?? int.MaxValue);
        Capabilities = new ChainCapabilities
        {
            NativeAsset = native,
            Assets = assets.AsReadOnly(),
            MaxPayoutsPerTransaction = _maxPayouts,
            // Per transaction: every payout may carry a reference of up to 256 bytes (in calldata and logs, or with
            // version 2 by default bound by the batch's commitment while the journal keeps the text).
            MaxMemoBytes = _maxPayouts * PayoutCallBuilder.MaxReferenceBytes,
            Finality = options.UseFinalizedTag ? FinalityModel.FinalizedTag : FinalityModel.Confirmations,
            ConfirmationsForFinality = options.Confirmations,
            TypicalFee = new Money((Int128)SettlementGas.Estimate(sizing, token: false, referencesOnChain, 10) * options.MaxFeePerGasCap, native),
            TypicalTimeToFinality = options.BlockTime * options.Confirmations,
        };

        _fees = new FeeEstimator(_rpc, options, _logger);
        _status = new TransactionStatusReader(_rpc, options.Confirmations, options.UseFinalizedTag, _logger);
    }

    /// <summary>Gets the first paying account's address (derived from <see cref="EthereumOptions.Signer"/>'s public key,
    /// or the first of <see cref="EthereumOptions.Signers"/> when that is not set).</summary>
    public EthereumAddress Address { get; }

    /// <summary>Gets the first paying account (see <see cref="Address"/>); with a single signer, every batch must have it
    /// as <see cref="SettlementBatch.Payer"/>.</summary>
    public SettlementAccount Account { get; }

    /// <summary>Gets every paying account, one per signer: <see cref="EthereumOptions.Signer"/> (when set) first, then
    /// <see cref="EthereumOptions.Signers"/> in order. A batch's <see cref="SettlementBatch.Payer"/> must be one of them.</summary>
    public IReadOnlyList<SettlementAccount> Accounts { get; }

    /// <inheritdoc />
    /// <remarks>The native coin (<c>eip155:&lt;id&gt;/slip44:60</c>, 18 decimals) and the configured tokens; finality by
    /// confirmations; the typical fee is an upper bound: ten native payouts to fresh accounts at the fee cap.
    /// <see cref="ChainCapabilities.MaxPayoutsPerTransaction"/> comes from <see cref="EthereumOptions.BlockGasLimit"/>: the
    /// payouts (fresh payees, worst of ether and token, for the configured contract version) whose gas, plus
    /// <see cref="EthereumOptions.GasLimitHeadroomPercent"/>, fits half a block and at most 2^24 gas (EIP-7825);
    /// <see cref="EthereumOptions.MaxPayoutsPerTransaction"/> may lower it. Memo bytes per transaction are 256 per payout
    /// (each reference at most 256 UTF-8 bytes): on chain with version 1 or <see cref="EthereumOptions.PublishReferences"/>,
    /// otherwise bound by the batch's <see cref="BatchCommitment"/> while the journal keeps the text.</remarks>
    public override ChainCapabilities Capabilities { get; }

    /// <inheritdoc />
    public override bool CanQueryBalance => true;

    /// <inheritdoc />
    /// <exception cref="FeeCapExceededException">The fee needed now is above the cap.</exception>
    protected override async Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        var target = await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var why = PayoutCallBuilder.WhyNotFit(batch, _maxPayouts, target.Version, target.PublishReferences);
        if (why is not null)
        {
            return new FeeQuote { EstimatedFee = Money.Zero(Capabilities.NativeAsset), Fits = false, Reason = why };
        }

        var payer = PayerOf(batch.Payer);
        var batchNumber = await QuoteBatchNumberAsync(batch, payer, target, cancellationToken).ConfigureAwait(false);
        var call = PayoutCallBuilder.Build(batch, target, TokenOf(batch.Asset), batchNumber);
        var fees = await _fees.EstimateAsync(cancellationToken).ConfigureAwait(false);
        ulong gas;
        try
        {
            gas = await EstimateGasAsync(payer, call, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionRejectedException)
        {
            // Not payable right now (unfunded, no allowance, already settled): quote the usual cost; Prepare will say why.
            gas = call.FallbackGas;
        }

        var maxGas = SettlementGas.MaxTransactionGas(_options.BlockGasLimit);
        if (gas > maxGas)
        {
            return new FeeQuote
            {
                EstimatedFee = PayoutCallBuilder.ToMoney(fees.MaxFeePerGas * gas, Capabilities.NativeAsset),
                Fits = false,
                Reason = $"The batch needs {gas} gas with headroom; one batch transaction uses at most {maxGas} (half of EthereumOptions.BlockGasLimit, at most 2^24). Split it.",
            };
        }

        return new FeeQuote { EstimatedFee = PayoutCallBuilder.ToMoney(fees.MaxFeePerGas * gas, Capabilities.NativeAsset), Fits = true };
    }

    /// <inheritdoc />
    /// <remarks>Idempotent per batch id while the batch's transaction is outstanding: preparing the same batch again returns
    /// the recorded transaction (its newest replacement), never a second nonce. Once settled, the contract refuses the
    /// batch id, so a repeat fails with <see cref="TransactionRejectedException"/>.</remarks>
    /// <exception cref="ArgumentException">The batch is for another chain or asset, from an account without a signer (see
    /// <see cref="Accounts"/>), or does not fit one transaction. Nothing was signed.</exception>
    /// <exception cref="InvalidAddressException">A payee's address is not a valid (EIP-55) address.</exception>
    /// <exception cref="InsufficientFundsException">The payer cannot cover the payouts.</exception>
    /// <remarks>With version 2 and <see cref="BatchNumbering.AccountNonce"/>, a batch that has no outstanding transaction is
    /// numbered anew only after two checks: no transaction of the account that the store does not know is pending (else a
    /// transient <see cref="ChainRequestException"/>, error code <c>unknown pending transactions</c>), and the chain has no
    /// <c>BatchSettled</c> event of this payer for this batch id (else <see cref="TransactionRejectedException"/>,
    /// <see cref="BatchSettlementErrorCodes.BatchAlreadySettled"/>).</remarks>
    /// <exception cref="TransactionRejectedException">The contract would revert; <see cref="ChainRequestException.ErrorCode"/> is a
    /// <see cref="BatchSettlementErrorCodes"/> constant (batch already settled, a payee refuses ether, no token allowance, a
    /// fee-on-transfer token, …).</exception>
    /// <exception cref="FeeCapExceededException">The fee needed now is above the cap.</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be reached.</exception>
    protected override async Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        var target = await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var why = PayoutCallBuilder.WhyNotFit(batch, _maxPayouts, target.Version, target.PublishReferences);
        if (why is not null)
        {
            throw new ArgumentException(why, nameof(batch));
        }

        var payer = PayerOf(batch.Payer);
        using var lease = await payer.Sequencer.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var state = await lease.LoadAsync(cancellationToken).ConfigureAwait(false);
        var existing = state.Outstanding.LastOrDefault(t => t.BatchId == batch.Id);
        if (existing is not null)
        {
            return ToPrepared(payer, existing.RawTransaction, batch.Id);
        }

        var batchNumber = UInt256.Zero;
        if (target.Version == BatchSettlementVersion.V2)
        {
            if (_options.BatchNumbering == BatchNumbering.AccountNonce)
            {
                await EnsureNoUnknownPendingAsync(payer, lease, cancellationToken).ConfigureAwait(false);
                await EnsureNotSettledOnChainAsync(payer, batch.Id, cancellationToken).ConfigureAwait(false);
                batchNumber = lease.NextNonce;
            }
            else
            {
                batchNumber = BatchIdNumber(batch.Id);
            }
        }

        var call = PayoutCallBuilder.Build(batch, target, TokenOf(batch.Asset), batchNumber);
        return await SignAndRecordAsync(payer, lease, call, batch.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads back what the chain recorded for a settled batch transaction: the <c>BatchSettled</c> event of
    /// <c>BatchSettlementV2</c> in its receipt, with the batch's <see cref="BatchCommitment"/>.
    /// </summary>
    /// <param name="transaction">A prepared transaction of this provider's chain (possibly read back from the journal).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The record, or <see langword="null"/> while the transaction has no receipt, or when it reverted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transaction"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The transaction is for another chain.</exception>
    /// <exception cref="NotSupportedException">The contract is version 1, which records references per payout and no commitment.</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be reached.</exception>
    public async Task<BatchSettlementRecord?> GetSettlementAsync(PreparedTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.ChainId != ChainId)
        {
            throw new ArgumentException($"The transaction {transaction.TransactionId} is for chain {transaction.ChainId}, not {ChainId}.", nameof(transaction));
        }

        await EnsureCommitmentsAsync(cancellationToken).ConfigureAwait(false);
        var answers = await _rpc.SendBatchAsync(
            [RpcRequest.Create("eth_getTransactionReceipt", transaction.TransactionId.Value), RpcRequest.Create("eth_getTransactionByHash", transaction.TransactionId.Value)],
            cancellationToken).ConfigureAwait(false);
        var receipt = Value(answers[0], "eth_getTransactionReceipt");
        if (receipt.ValueKind != JsonValueKind.Object || receipt.GetProperty("status").GetString() != "0x1")
        {
            return null;
        }

        foreach (var log in receipt.GetProperty("logs").EnumerateArray())
        {
            if (SettlementLog.TryRead(log, _contract, ChainId, out var record))
            {
                return WithPaid(record, Value(answers[1], "eth_getTransactionByHash"));
            }
        }

        return null;
    }

    /// <summary>
    /// Finds every <c>BatchSettled</c> event a payer emitted for a batch id (one <c>eth_getLogs</c> from
    /// <see cref="EthereumOptions.ContractDeploymentBlock"/> to the latest block, filtered by payer and batch key): one
    /// record when the batch was settled, none when it was not. More than one would mean the id was paid twice.
    /// </summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="payer">The paying account, on this provider's chain (any account: the search needs no key), or
    /// <see langword="null"/> for the first paying account (<see cref="Account"/>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The records, oldest first.</returns>
    /// <exception cref="ArgumentException"><paramref name="payer"/> is on another chain or not an Ethereum address.</exception>
    /// <exception cref="NotSupportedException">The contract is version 1.</exception>
    /// <exception cref="ChainRequestException">The node refused the log query (some providers limit its block range: set <see cref="EthereumOptions.ContractDeploymentBlock"/>).</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be reached.</exception>
    public Task<IReadOnlyList<BatchSettlementRecord>> FindSettlementsAsync(SettlementBatchId batchId, SettlementAccount? payer = null, CancellationToken cancellationToken = default)
    {
        var address = _primary.Address;
        if (payer is { } account && (account.ChainId != ChainId || !EthereumAddress.TryParse(account.Address, out address)))
        {
            throw new ArgumentException($"{account} is not an Ethereum account on {ChainId}.", nameof(payer));
        }

        return FindPayerSettlementsAsync(address, batchId, cancellationToken);
    }

    private async Task<IReadOnlyList<BatchSettlementRecord>> FindPayerSettlementsAsync(EthereumAddress payer, SettlementBatchId batchId, CancellationToken cancellationToken)
    {
        await EnsureCommitmentsAsync(cancellationToken).ConfigureAwait(false);
        var filter = new JsonObject
        {
            ["address"] = _contract.ToString(),
            ["fromBlock"] = HexQuantity.Format(_options.ContractDeploymentBlock),
            ["toBlock"] = "latest",
            ["topics"] = new JsonArray(
                Hex.Encode(BatchSettlementV2Contract.BatchSettledTopic, withPrefix: true),
                SettlementLog.AddressTopic(payer),
                CommitmentHashing.BatchKey(batchId).ToHexString()),
        };
        JsonElement logs;
        try
        {
            logs = await _rpc.SendAsync("eth_getLogs", cancellationToken, filter).ConfigureAwait(false);
        }
        catch (RpcResponseException ex)
        {
            throw RpcErrorClassifier.ToException(ChainId, "eth_getLogs", ex.Error);
        }

        var records = new List<BatchSettlementRecord>();
        foreach (var log in logs.EnumerateArray())
        {
            if (SettlementLog.TryRead(log, _contract, ChainId, out var record))
            {
                records.Add(record);
            }
        }

        if (records.Count == 0)
        {
            return records;
        }

        // What each transaction paid, from its call data, so that BatchSettlementRecord.Matches checks payees and amounts.
        var transactions = await _rpc.SendBatchAsync(records.Select(r => RpcRequest.Create("eth_getTransactionByHash", r.TransactionId.Value)).ToArray(), cancellationToken).ConfigureAwait(false);
        return records.Select((r, i) => WithPaid(r, Value(transactions[i], "eth_getTransactionByHash"))).ToArray();
    }

    private BatchSettlementRecord WithPaid(BatchSettlementRecord record, JsonElement transaction) =>
        SettlementLog.ReadPaid(transaction, _contract) is { } paid ? record with { PaidPayouts = paid.Payouts, PaidToken = paid.Token } : record;

    private JsonElement Value(RpcResult answer, string method) =>
        answer.Error is { } error ? throw RpcErrorClassifier.ToException(ChainId, method, error) : answer.Result;

    /// <summary>
    /// Gets the contract version at <see cref="EthereumOptions.ContractAddress"/>, asking the contract on first use (and
    /// checking a configured version the same way).
    /// </summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns><see cref="BatchSettlementVersion.V1"/> or <see cref="BatchSettlementVersion.V2"/>.</returns>
    /// <exception cref="ChainRequestException">The address holds no contract, not a batch-settlement contract, or another version than configured.</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be reached.</exception>
    public async Task<BatchSettlementVersion> GetContractVersionAsync(CancellationToken cancellationToken = default) =>
        (await EnsureReadyAsync(cancellationToken).ConfigureAwait(false)).Version;

    /// <summary>
    /// Prepares an ERC-20 <c>approve</c> of the BatchSettlement contract by a paying account for
    /// <paramref name="allowance"/> of a configured token, so that token batches can be paid from that account (the contract
    /// moves tokens with <c>transferFrom</c> from the payer). The transaction is sequenced in the payer's nonce sequence and
    /// recorded like a batch; submit it with <see cref="ChainSettlementProvider.SubmitAsync"/>.
    /// </summary>
    /// <param name="operationId">An idempotency key for this approval (preparing it again while outstanding returns the same transaction).</param>
    /// <param name="allowance">The allowance, in a configured token; it replaces the previous allowance.</param>
    /// <param name="payer">One of <see cref="Accounts"/>, or <see langword="null"/> for the first (<see cref="Account"/>).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The prepared approval.</returns>
    /// <exception cref="ArgumentException">The asset is not a configured token of this chain, or this provider has no signer
    /// for <paramref name="payer"/>. Nothing was signed.</exception>
    public async Task<PreparedTransaction> PrepareApprovalAsync(SettlementBatchId operationId, Money allowance, SettlementAccount? payer = null, CancellationToken cancellationToken = default)
    {
        var token = TokenOf(allowance.Asset) ?? throw new ArgumentException($"{allowance.Asset} is not a configured ERC-20 token of {ChainId}.", nameof(allowance));
        var key = payer is { } account ? PayerOf(account) : _primary;
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        using var lease = await key.Sequencer.AcquireAsync(cancellationToken).ConfigureAwait(false);
        var state = await lease.LoadAsync(cancellationToken).ConfigureAwait(false);
        var existing = state.Outstanding.LastOrDefault(t => t.BatchId == operationId);
        if (existing is not null)
        {
            return ToPrepared(key, existing.RawTransaction, operationId);
        }

        var call = new PayoutCall(token, UInt256.Zero, Erc20.EncodeApprove(_contract, PayoutCallBuilder.ToUInt256(allowance)), 60_000);
        return await SignAndRecordAsync(key, lease, call, operationId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="InsufficientFundsException">The node refused for lack of funds.</exception>
    /// <exception cref="TransactionRejectedException">The node refused the transaction (underpriced, nonce used by another transaction, …); <see cref="ChainRequestException.ErrorCode"/> says which.</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be reached.</exception>
    protected override async Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        var id = transaction.TransactionId;
        var hex = Hex.Encode(transaction.RawTransaction.Span, withPrefix: true);
        try
        {
            await _rpc.SendAsync("eth_sendRawTransaction", cancellationToken, hex).ConfigureAwait(false);
            _submitted[id] = 0;
            Log.Submitted(_logger, id.Value, _chainText, nameof(SubmissionResult.Accepted));
            return SubmissionResult.Accepted;
        }
        catch (RpcResponseException ex) when (ex.Error.Kind == RpcErrorKind.AlreadyKnown)
        {
            _submitted[id] = 0;
            Log.Submitted(_logger, id.Value, _chainText, nameof(SubmissionResult.AlreadyKnown));
            return SubmissionResult.AlreadyKnown;
        }
        catch (RpcResponseException ex) when (ex.Error.Kind == RpcErrorKind.NonceTooLow)
        {
            // Either this very transaction was mined (a repeated submission) or another one used the nonce.
            var known = await _rpc.SendBatchAsync(
                [RpcRequest.Create("eth_getTransactionReceipt", id.Value), RpcRequest.Create("eth_getTransactionByHash", id.Value)],
                cancellationToken).ConfigureAwait(false);
            if (known.Any(k => k.Error is null && !k.IsNull))
            {
                _submitted[id] = 0;
                Log.Submitted(_logger, id.Value, _chainText, nameof(SubmissionResult.AlreadyKnown));
                return SubmissionResult.AlreadyKnown;
            }

            throw new TransactionRejectedException(ChainId, "nonce too low", $"{id} on {ChainId} was refused: its nonce {transaction.Sequence} was used by another transaction (node: {ex.Error}). Check its status: it is conflicted.", ex);
        }
        catch (RpcResponseException ex)
        {
            throw RpcErrorClassifier.ToException(ChainId, "eth_sendRawTransaction", ex.Error, transaction.Payer);
        }
    }

    /// <inheritdoc />
    /// <remarks>Final after <see cref="EthereumOptions.Confirmations"/> blocks whose canonical hash at the receipt's height
    /// matches the receipt; a transaction that was included and no longer is returns to pending, conflicted or dropped.
    /// Included but reverted (receipt status 0) is reported as conflicted. Reaching final, or conflicted without a
    /// replacement of ours, marks the nonce completed in the sequence store (so the batch can be prepared again; the
    /// contract still refuses a batch id that was paid).</remarks>
    protected override async Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        var payer = PayerOf(transaction);
        var nonce = transaction.Sequence ?? SignedTransaction.Decode(transaction.RawTransaction.Span).Transaction.Nonce;
        var siblings = new HashSet<ChainTransactionId>();
        if (payer.SignedAtNonce.TryGetValue(nonce, out var signedHere))
        {
            siblings.UnionWith(signedHere.Keys);
        }

        var state = await payer.Sequencer.Store.LoadAsync(payer.Account, cancellationToken).ConfigureAwait(false);
        siblings.UnionWith(state.Outstanding.Where(t => t.Sequence == nonce).Select(t => t.TransactionId));
        siblings.Remove(transaction.TransactionId);

        var status = await _status.ReadAsync(transaction.TransactionId, payer.Address, nonce, siblings.ToArray(), _submitted.ContainsKey(transaction.TransactionId), cancellationToken).ConfigureAwait(false);
        // Final: the nonce is settled. Failed (mined but reverted), or Conflicted without a replacement of ours: the nonce is
        // used, so the record is finished and preparing the batch again signs a new transaction.
        var settled = status.IsFinal || status.State == SettlementState.Failed || (status.State == SettlementState.Conflicted && status.ReplacedBy is null);
        if (settled && payer.Completed.TryAdd(nonce, 0))
        {
            await payer.Sequencer.Store.CompleteAsync(payer.Account, nonce, cancellationToken).ConfigureAwait(false);
        }

        return status;
    }

    /// <inheritdoc />
    /// <value>Always <see langword="true"/>: a stuck transaction is replaced at the same nonce with higher fees.</value>
    public override bool CanAccelerate => true;

    /// <inheritdoc />
    /// <remarks>Only the accounts this provider holds a signer for (<see cref="Accounts"/>); the address is compared
    /// case-insensitively. A batch from any other account is refused before anything is signed.</remarks>
    public override bool CanPayFrom(SettlementAccount payer) =>
        payer.ChainId == ChainId && EthereumAddress.TryParse(payer.Address, out var address) && _payers.ContainsKey(address);

    /// <summary>
    /// Re-prices a stuck transaction at the same nonce (<see cref="AccelerationKind.Replacement"/>): both fee fields raised
    /// by at least 12.5 % (rounding up) and at least to the current estimate, never above the cap. The replacement is
    /// recorded beside the original before it is returned; submit it with <see cref="ChainSettlementProvider.SubmitAsync"/>.
    /// Whichever of the two is mined wins; the other becomes conflicted.
    /// </summary>
    /// <param name="stuck">A transaction prepared by this provider (or read back from the journal).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The replacement.</returns>
    /// <exception cref="ArgumentException">The transaction is not a transaction of this provider's account.</exception>
    /// <exception cref="FeeCapExceededException">The bumped fee would exceed the cap.</exception>
    protected override async Task<Acceleration> AccelerateCoreAsync(PreparedTransaction stuck, CancellationToken cancellationToken)
    {
        var signed = SignedTransaction.Decode(stuck.RawTransaction.Span);
        if (!_payers.TryGetValue(signed.Sender, out var payer))
        {
            throw new ArgumentException($"{stuck.TransactionId} is a transaction from {signed.Sender}, which is not one of this provider's accounts; only its own transactions can be replaced.", nameof(stuck));
        }

        using var lease = await payer.Sequencer.AcquireAsync(cancellationToken).ConfigureAwait(false);
        FeeEstimate current;
        try
        {
            current = await _fees.EstimateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FeeCapExceededException)
        {
            current = new FeeEstimate(_options.MaxFeePerGasCap, _options.MinPriorityFeePerGas, UInt256.Zero);
        }

        FeeEstimate fees;
        EthereumTransaction replacement;
        if (signed.Transaction is Eip1559Transaction old)
        {
            fees = FeePolicy.Replacement(ChainId, _options, old.MaxFeePerGas, old.MaxPriorityFeePerGas, current);
            replacement = old with { MaxFeePerGas = fees.MaxFeePerGas, MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas };
        }
        else
        {
            var legacy = (LegacyTransaction)signed.Transaction;
            fees = FeePolicy.Replacement(ChainId, _options, legacy.GasPrice, legacy.GasPrice, current);
            replacement = legacy with { GasPrice = fees.MaxFeePerGas };
        }

        var signedReplacement = await replacement.SignAsync(payer.Signer, cancellationToken).ConfigureAwait(false);
        var id = new ChainTransactionId(signedReplacement.Hash.ToString());
        Log.Replacing(_logger, stuck.TransactionId.Value, replacement.Nonce, id.Value, fees.MaxFeePerGas, fees.MaxPriorityFeePerGas);
        await RecordAsync(payer, lease, signedReplacement, stuck.BatchId, "replacement", cancellationToken).ConfigureAwait(false);
        return new Acceleration
        {
            Transaction = ToPrepared(payer, signedReplacement.RawBytes, stuck.BatchId),
            Kind = AccelerationKind.Replacement,
            Accelerates = stuck.TransactionId,
        };
    }

    /// <inheritdoc />
    protected override async Task<Money> GetBalanceCoreAsync(SettlementAccount account, Asset asset, CancellationToken cancellationToken)
    {
        var owner = EthereumAddress.Parse(account.Address);
        if (TokenOf(asset) is { } token)
        {
            var call = new JsonObject { ["to"] = token.ToString(), ["data"] = Hex.Encode(Erc20.EncodeBalanceOf(owner), withPrefix: true) };
            var result = await _rpc.SendAsync("eth_call", cancellationToken, call, "latest").ConfigureAwait(false);
            var bytes = Hex.Decode(result.GetString());
            return PayoutCallBuilder.ToMoney(UInt256.ReadBigEndian(bytes.AsSpan(0, Math.Min(32, bytes.Length))), asset);
        }

        var balance = await _rpc.SendAsync("eth_getBalance", cancellationToken, owner.ToString(), "latest").ConfigureAwait(false);
        return PayoutCallBuilder.ToMoney(HexQuantity.ParseUInt256(balance.GetString()), asset);
    }

    /// <summary>Releases the nonce locks of every paying account. The HTTP client and the signers belong to the caller and are not disposed.</summary>
    public void Dispose()
    {
        foreach (var payer in _payers.Values)
        {
            payer.Dispose();
        }
    }

    /// <summary>Reconciles the first paying account's recorded nonces with the chain now (done automatically on first use).</summary>
    internal Task<NonceReconciliation> ReconcileAsync(CancellationToken cancellationToken = default) => _primary.Sequencer.ReconcileAsync(cancellationToken);

    /// <summary>Reconciles one paying account's recorded nonces with the chain now (done automatically on first use).</summary>
    internal Task<NonceReconciliation> ReconcileAsync(SettlementAccount payer, CancellationToken cancellationToken = default) => PayerOf(payer).Sequencer.ReconcileAsync(cancellationToken);

    /// <summary>The key and nonce sequence of a paying account.</summary>
    /// <exception cref="ArgumentException">This provider holds no signer for the account.</exception>
    private PayerKey PayerOf(SettlementAccount account)
    {
        if (account.ChainId == ChainId && EthereumAddress.TryParse(account.Address, out var address) && _payers.TryGetValue(address, out var payer))
        {
            return payer;
        }

        throw new ArgumentException($"{account} is not a paying account of this provider for {ChainId} (it holds signers for {string.Join(", ", Accounts)}). Nothing was signed.", nameof(account));
    }

    /// <summary>The paying account of a transaction: its recorded payer, or else the signed sender.</summary>
    /// <exception cref="ArgumentException">Neither is one of this provider's accounts.</exception>
    private PayerKey PayerOf(PreparedTransaction transaction)
    {
        if (EthereumAddress.TryParse(transaction.Payer.Address, out var address) && _payers.TryGetValue(address, out var payer))
        {
            return payer;
        }

        var sender = SignedTransaction.Decode(transaction.RawTransaction.Span).Sender;
        return _payers.TryGetValue(sender, out payer)
            ? payer
            : throw new ArgumentException($"{transaction.TransactionId} is a transaction from {sender}, which is not one of this provider's accounts.", nameof(transaction));
    }

    /// <inheritdoc />
    protected override bool IsValidAddress(string address, out string reason)
    {
        try
        {
            _ = EthereumAddress.Parse(address);
            reason = string.Empty;
            return true;
        }
        catch (FormatException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    private static ChainId ChainIdOf(EthereumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = EthereumOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EthereumOptions), errors);
        }

        return ChainId.Parse("eip155:" + options.ChainId.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<PreparedTransaction> SignAndRecordAsync(PayerKey payer, NonceSequencer.Lease lease, PayoutCall call, SettlementBatchId batchId, CancellationToken cancellationToken)
    {
        var gas = await EstimateGasAsync(payer, call, cancellationToken).ConfigureAwait(false);
        var fees = await _fees.EstimateAsync(cancellationToken).ConfigureAwait(false);
        EthereumTransaction transaction = _options.UseLegacyTransactions
            ? new LegacyTransaction
            {
                ChainId = _options.ChainId,
                Nonce = lease.NextNonce,
                GasLimit = gas,
                To = call.To,
                Value = call.Value,
                Data = call.Data,
                GasPrice = fees.MaxFeePerGas,
            }
            : new Eip1559Transaction
            {
                ChainId = _options.ChainId,
                Nonce = lease.NextNonce,
                GasLimit = gas,
                To = call.To,
                Value = call.Value,
                Data = call.Data,
                MaxFeePerGas = fees.MaxFeePerGas,
                MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
            };
        var signed = await transaction.SignAsync(payer.Signer, cancellationToken).ConfigureAwait(false);
        Log.Signed(_logger, signed.Hash, batchId.Value, payer.AccountText, transaction.Nonce, fees.MaxFeePerGas, gas);
        await RecordAsync(payer, lease, signed, batchId, "new", cancellationToken).ConfigureAwait(false);
        return ToPrepared(payer, signed.RawBytes, batchId);
    }

    private async Task RecordAsync(PayerKey payer, NonceSequencer.Lease lease, SignedTransaction signed, SettlementBatchId batchId, string kind, CancellationToken cancellationToken)
    {
        var id = new ChainTransactionId(signed.Hash.ToString());
        var nonce = signed.Transaction.Nonce;

        // Durable before anyone can broadcast it: the caller only gets the bytes after this completes.
        await lease.RecordAsync(
            new SequencedTransaction
            {
                Account = payer.Account,
                Sequence = nonce,
                TransactionId = id,
                RawTransaction = signed.RawBytes.ToArray(),
                BatchId = batchId,
                SignedAt = _time.GetUtcNow(),
            },
            cancellationToken).ConfigureAwait(false);
        payer.SignedAtNonce.GetOrAdd(nonce, _ => new ConcurrentDictionary<ChainTransactionId, byte>())[id] = 0;
        EthereumTelemetry.TransactionsSigned.Add(1, new KeyValuePair<string, object?>("chain.id", _chainText), new KeyValuePair<string, object?>("kind", kind));
    }

    private PreparedTransaction ToPrepared(PayerKey payer, ReadOnlyMemory<byte> raw, SettlementBatchId batchId)
    {
        var signed = SignedTransaction.Decode(raw.Span);
        var maxFeePerGas = signed.Transaction is Eip1559Transaction t ? t.MaxFeePerGas : ((LegacyTransaction)signed.Transaction).GasPrice;
        return new PreparedTransaction
        {
            BatchId = batchId,
            ChainId = ChainId,
            Payer = payer.Account,
            TransactionId = new ChainTransactionId(signed.Hash.ToString()),
            RawTransaction = raw.ToArray(),
            MaxFee = PayoutCallBuilder.ToMoney(maxFeePerGas * signed.Transaction.GasLimit, Capabilities.NativeAsset),
            Sequence = signed.Transaction.Nonce,
        };
    }

    /// <summary>Estimates any call from the paying account through the same revert decoding as Prepare (for tests of
    /// calls the adapter itself never builds: malformed batches, reused numbers).</summary>
    internal Task<ulong> EstimateCallGasAsync(EthereumAddress to, UInt256 value, byte[] data, CancellationToken cancellationToken = default) =>
        EstimateGasAsync(_primary, new PayoutCall(to, value, data, 0), cancellationToken);

    private async Task<ulong> EstimateGasAsync(PayerKey payer, PayoutCall call, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["from"] = payer.Address.ToString(),
            ["to"] = call.To.ToString(),
            ["value"] = HexQuantity.Format(call.Value),
            ["data"] = Hex.Encode(call.Data, withPrefix: true),
        };
        try
        {
            var estimate = HexQuantity.ParseUInt64((await _rpc.SendAsync("eth_estimateGas", cancellationToken, request).ConfigureAwait(false)).GetString());
            var headroom = ((estimate * (ulong)_options.GasLimitHeadroomPercent) + 99) / 100;
            return estimate + headroom;
        }
        catch (RpcResponseException ex) when (ex.Error.Kind == RpcErrorKind.ExecutionReverted)
        {
            var (errorCode, description) = RevertReasons.Decode(ex.Error.Data);
            throw new TransactionRejectedException(ChainId, errorCode, $"The batch-settlement call on {ChainId} would revert: {description} (node: {ex.Error}). Nothing was signed.", ex);
        }
        catch (RpcResponseException ex)
        {
            throw RpcErrorClassifier.ToException(ChainId, "eth_estimateGas", ex.Error, payer.Account);
        }
    }

    /// <summary>Checks the node's chain id and the contract's version once; returns how batches are paid.</summary>
    private async Task<SettlementTarget> EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (!_chainChecked)
        {
            var reported = HexQuantity.ParseUInt64((await _rpc.SendAsync("eth_chainId", cancellationToken).ConfigureAwait(false)).GetString());
            if (reported != _options.ChainId)
            {
                throw new ChainRequestException(ChainId, "wrong chain", $"The node at the configured RpcUrl reports chain id {reported}, but the provider is configured for {_options.ChainId}. Nothing was signed.", isTransient: false);
            }

            _chainChecked = true;
        }

        if (_version == 0)
        {
            var version = await ContractProbe.DetectAsync(_rpc, _contract, Address, cancellationToken).ConfigureAwait(false);
            if (_options.ContractVersion != BatchSettlementVersion.Detect && version != _options.ContractVersion)
            {
                throw new ChainRequestException(ChainId, "contract version mismatch", $"EthereumOptions.ContractVersion is {_options.ContractVersion}, but the contract at {_contract} on {ChainId} is {version}. Nothing was signed.", isTransient: false);
            }

            Log.ContractVersion(_logger, _contract, _chainText, version);
            _version = (int)version;
        }

        return new SettlementTarget(_contract, (BatchSettlementVersion)_version, _options.PublishReferences);
    }

    private async Task EnsureCommitmentsAsync(CancellationToken cancellationToken)
    {
        var target = await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        if (target.Version == BatchSettlementVersion.V1)
        {
            throw new NotSupportedException($"The contract at {_contract} on {ChainId} is BatchSettlement version 1: it records references per payout (Payout events) and no batch commitment.");
        }
    }

    /// <summary>The batch number a quote estimates with: the one Prepare would use now.</summary>
    private async Task<UInt256> QuoteBatchNumberAsync(SettlementBatch batch, PayerKey payer, SettlementTarget target, CancellationToken cancellationToken)
    {
        if (target.Version != BatchSettlementVersion.V2)
        {
            return UInt256.Zero;
        }

        if (_options.BatchNumbering == BatchNumbering.BatchIdHash)
        {
            return BatchIdNumber(batch.Id);
        }

        using var lease = await payer.Sequencer.AcquireAsync(cancellationToken).ConfigureAwait(false);
        return lease.NextNonce;
    }

    private static UInt256 BatchIdNumber(SettlementBatchId batchId)
    {
        Span<byte> key = stackalloc byte[32];
        CommitmentHashing.BatchKey(batchId).WriteTo(key);
        return UInt256.ReadBigEndian(key);
    }

    /// <summary>Refuses (transiently) to number a batch while transactions of the account that the store does not know are pending.</summary>
    private async Task EnsureNoUnknownPendingAsync(PayerKey payer, NonceSequencer.Lease lease, CancellationToken cancellationToken)
    {
        var mark = lease.UnknownPendingBelow;
        if (mark == 0)
        {
            return;
        }

        var latest = HexQuantity.ParseUInt64((await _rpc.SendAsync("eth_getTransactionCount", cancellationToken, payer.Address.ToString(), "latest").ConfigureAwait(false)).GetString());
        if (latest >= mark)
        {
            lease.ClearUnknownPending();
            return;
        }

        Log.UnknownPending(_logger, payer.Account.ToString(), latest, mark);
        throw new ChainRequestException(
            ChainId,
            "unknown pending transactions",
            $"{payer.Account} has pending transactions that the sequence store does not know (nonces {latest} to {mark - 1}): a batch is numbered anew only once they are mined, so that one of them cannot pay the same batch. Retry later. Nothing was signed.",
            isTransient: true);
    }

    /// <summary>Refuses a batch id that this payer already settled on chain (its BatchSettled event).</summary>
    private async Task EnsureNotSettledOnChainAsync(PayerKey payer, SettlementBatchId batchId, CancellationToken cancellationToken)
    {
        var settled = await FindPayerSettlementsAsync(payer.Address, batchId, cancellationToken).ConfigureAwait(false);
        if (settled.Count > 0)
        {
            var first = settled[0];
            Log.AlreadySettledOnChain(_logger, batchId.Value, first.TransactionId.Value, first.BlockNumber);
            throw new TransactionRejectedException(
                ChainId,
                BatchSettlementErrorCodes.BatchAlreadySettled,
                $"The batch {batchId} was already settled by {payer.Account} on chain in {first.TransactionId} (block {first.BlockNumber}, batch number {first.BatchNumber}). Nothing was signed.");
        }
    }

    private EthereumAddress? TokenOf(Asset asset) => _tokens.TryGetValue(asset.Id, out var token) ? token : null;
}
