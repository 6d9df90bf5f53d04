using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Coins;
using EnergySettlement.Dash.Fees;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash;

/// <summary>
/// Settles batches on a Bitcoin-family chain with legacy P2PKH keys — the UTXO core, parameterised by a
/// <see cref="UtxoNetwork"/>. One transaction pays every payout of a batch (one output each), carries the batch id in an
/// OP_RETURN output, and returns change to the paying address. <see cref="DashSettlementProvider"/> is this class on a
/// Dash network; another chain is a <see cref="UtxoNetwork"/> and an <see cref="IUtxoBackend"/>.
/// </summary>
/// <remarks>
/// <para><b>Coins.</b> Selection is deterministic (see <see cref="CoinSelector"/>). The chosen coins are reserved in the
/// <see cref="ICoinReservationStore"/> before anything is signed, so a concurrent batch — in this process or another
/// sharing the store — never selects them, and a restart neither double-selects nor strands one. Preparing a batch again
/// while it holds a reservation rebuilds the same transaction from the same coins (the same bytes: RFC 6979 signing and,
/// with the default fixed fee rate, the same fee). <see cref="ChainSettlementProvider.ReleaseAsync"/> frees a dead
/// transaction's coins; a final transaction marks its reservation spent.</para>
/// <para><b>Status.</b> Final on an InstantSend lock or a ChainLock where the network has them (and the options allow), or
/// after <see cref="UtxoSettlementOptions.Confirmations"/> confirmations; conflicted when another transaction spends one
/// of its inputs; dropped when it was submitted and the node no longer knows it while its inputs are unspent.</para>
/// <para><b>Fees.</b> At least the network's relay floor from the start (Dash has no replace-by-fee);
/// <see cref="ChainSettlementProvider.AccelerateAsync"/> builds a child that spends the change and pays for both
/// (<see cref="AccelerationKind.ChildPaysForParent"/>).</para>
/// <para>Thread-safe. One provider may hold several paying addresses (one per signer); coin selection is serialised per
/// address.</para>
/// </remarks>
public class UtxoSettlementProvider : ChainSettlementProvider, IDisposable
{
    private const int MaxReservationAttempts = 3;
    private const string ChildReservationPrefix = "cpfp:";

    private readonly UtxoSettlementOptions _options;
    private readonly IUtxoBackend _backend;
    private readonly ICoinReservationStore _reservations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, PayerKey> _payers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SettlementBatchId, FeeRate> _feeRates = new();
    private readonly ConcurrentDictionary<ChainTransactionId, byte> _submitted = new();
    private readonly ConcurrentDictionary<ChainTransactionId, byte> _markedSpent = new();
    private readonly FeeRate _fixedRate;
    private readonly FeeRate _maxRate;
    private readonly KeyValuePair<string, object?> _chainTag;
    private readonly string _chainText;

    /// <summary>Creates a provider for <paramref name="network"/>.</summary>
    /// <param name="network">The chain's parameters.</param>
    /// <param name="options">The options; validated here with the network (every error at once).</param>
    /// <param name="backend">The node or API to read from and broadcast to.</param>
    /// <param name="reservations">Where coin reservations are recorded before signing (durable in production).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The network or the options are invalid; the message lists every problem.</exception>
    public UtxoSettlementProvider(
        UtxoNetwork network,
        UtxoSettlementOptions options,
        IUtxoBackend backend,
        ICoinReservationStore reservations,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : base(ValidChainId(network, options))
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(reservations);
        Network = network;
        _options = options;
        _backend = backend;
        _reservations = reservations;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(GetType());
        _chainText = ChainId.ToString();
        _chainTag = new KeyValuePair<string, object?>("chain.id", _chainText);
        _fixedRate = new FeeRate(options.FeeRatePerKilobyte ?? network.MinRelayFee.PerKilobyte);
        _maxRate = new FeeRate(options.MaxFeeRatePerKilobyte);

        var accounts = new List<SettlementAccount>();
        foreach (var signer in options.Signers)
        {
            var address = UtxoAddress.FromPublicKey(signer.PublicKey.Span, network);
            var account = SettlementAccount.Create(ChainId, address.ToString());
            _payers.Add(address.ToString(), new PayerKey(signer, address, account));
            accounts.Add(account);
        }

        Accounts = accounts.AsReadOnly();
        int largestInput = _payers.Values.Max(p => p.InputSize);
        MaxPayoutsBySize = MaxPayoutsFor(network, options, largestInput);
        var finality = network.HasInstantSend && options.FinalOnInstantSendLock ? FinalityModel.InstantLock : FinalityModel.Confirmations;
        Capabilities = new ChainCapabilities
        {
            NativeAsset = network.NativeAsset,
            Assets = [network.NativeAsset],
            MaxPayoutsPerTransaction = options.MaxPayoutsPerTransaction ?? MaxPayoutsBySize,
            MaxMemoBytes = options.WriteBatchReference ? network.MaxDataCarrierBytes : 0,
            Finality = finality,
            ConfirmationsForFinality = options.Confirmations,
            TypicalFee = new Money(_fixedRate.GetFee(TypicalBatchSize(network, options, largestInput)), network.NativeAsset),
            TypicalTimeToFinality = finality == FinalityModel.InstantLock ? network.InstantLockTime : network.BlockTime * options.Confirmations,
        };
    }

    /// <summary>Gets the chain's parameters.</summary>
    public UtxoNetwork Network { get; }

    /// <summary>Gets the paying accounts, one per signer, in the order the signers were configured.</summary>
    public IReadOnlyList<SettlementAccount> Accounts { get; }

    /// <inheritdoc />
    /// <remarks>The native coin only; at most as many payouts as fit the standard-size limit (or the configured maximum);
    /// the batch id as memo (at most the network's OP_RETURN bytes); InstantSend finality where the network has it.</remarks>
    public override ChainCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <value>Always <see langword="true"/>: the sum of the address's unspent outputs, confirmed and in the mempool.</value>
    public override bool CanQueryBalance => true;

    /// <inheritdoc />
    /// <value>Always <see langword="true"/>: child-pays-for-parent on the change output.</value>
    public override bool CanAccelerate => true;

    /// <summary>Gets the most payouts one transaction can carry under the network's standard-size limit, beside
    /// <see cref="UtxoSettlementOptions.MaxInputsPerTransaction"/> inputs, a change output and the memo.</summary>
    internal int MaxPayoutsBySize { get; }

    /// <inheritdoc />
    /// <remarks>Only the addresses of the configured signers.</remarks>
    public override bool CanPayFrom(SettlementAccount payer) => payer.ChainId == ChainId && _payers.ContainsKey(payer.Address);

    /// <summary>Frees the per-address gates. The backend and the store belong to the caller and are not disposed.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the per-address gates when <paramref name="disposing"/>.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var payer in _payers.Values)
            {
                payer.Dispose();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Runs the coin selection without reserving: the fee is what a preparation now would pay. When the payer's
    /// coins cannot pay, the quote is the fee of a one-input transaction (the usual cost); preparing will say why.</remarks>
    /// <exception cref="ChainUnavailableException">The backend cannot be reached.</exception>
    protected override async Task<FeeQuote> QuoteCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        var payer = _payers[batch.Payer.Address];
        var why = WhyNotFit(batch);
        if (why is not null)
        {
            return new FeeQuote { EstimatedFee = Money.Zero(Network.NativeAsset), Fits = false, Reason = why };
        }

        var rate = await CurrentFeeRateAsync(cancellationToken).ConfigureAwait(false);
        var request = Request(batch, payer, rate);
        var coins = await SpendableCoinsAsync(payer, cancellationToken).ConfigureAwait(false);
        var selection = CoinSelector.TrySelect(coins, request, out _);
        long fee = selection?.Fee ?? rate.GetFee(request.TransactionSize(1, withChange: true));
        return new FeeQuote { EstimatedFee = new Money(fee, Network.NativeAsset), Fits = true };
    }

    /// <inheritdoc />
    /// <remarks>Selects and reserves coins, then signs. Preparing the same batch again while it holds a reservation rebuilds
    /// the same transaction from the same coins, without asking the backend.</remarks>
    /// <exception cref="ArgumentException">The batch does not fit one transaction (too many payouts, a payout below the dust
    /// threshold, a payout to the payer itself).</exception>
    /// <exception cref="InsufficientFundsException">The payer's spendable coins cannot pay the payouts and the fee.</exception>
    /// <exception cref="IdempotencyConflictException">The batch id already holds a reservation of another payer's coins.</exception>
    /// <exception cref="ChainUnavailableException">The backend cannot be reached.</exception>
    /// <exception cref="TransactionSigningException">The signer's signature does not verify.</exception>
    protected override async Task<PreparedTransaction> PrepareCoreAsync(SettlementBatch batch, CancellationToken cancellationToken)
    {
        using var activity = DashTelemetry.ActivitySource.StartActivity("dash.prepare");
        activity?.SetTag("chain.id", _chainText);
        activity?.SetTag("energy_settlement.batch.id", batch.Id.Value);
        var payer = _payers[batch.Payer.Address];
        var why = WhyNotFit(batch);
        if (why is not null)
        {
            throw new ArgumentException(why, nameof(batch));
        }

        await payer.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                var existing = await _reservations.FindAsync(batch.Id, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    return await RebuildAsync(batch, payer, existing, cancellationToken).ConfigureAwait(false);
                }

                var rate = await CurrentFeeRateAsync(cancellationToken).ConfigureAwait(false);
                var request = Request(batch, payer, rate);
                var coins = await SpendableCoinsAsync(payer, cancellationToken).ConfigureAwait(false);
                var selection = CoinSelector.TrySelect(coins, request, out string? failure)
                    ?? throw new InsufficientFundsException(ChainId, batch.Payer, $"Batch {batch.Id} cannot be paid from {batch.Payer.Address}: {failure}. Nothing was reserved or signed.");

                CoinReservationResult result;
                try
                {
                    result = await _reservations.ReserveAsync(batch.Id, ToReserved(payer, selection.Coins), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
                catch (IdempotencyConflictException) when (attempt < MaxReservationAttempts)
                {
                    continue; // another process reserved for this batch meanwhile: rebuild from its coins
                }

                if (result.IsReserved)
                {
                    _feeRates[batch.Id] = rate;
                    return await SignAsync(batch.Id, payer, Build(batch, payer, selection), selection.Fee, rate, "new", cancellationToken).ConfigureAwait(false);
                }

                DashTelemetry.ReservationConflicts.Add(1, _chainTag);
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    Log.ReservationRefused(_logger, batch.Id.Value, string.Join(", ", result.HeldByOthers.Select(h => $"{h.Key} by {h.Value}")), attempt);
                }

                if (attempt >= MaxReservationAttempts)
                {
                    throw new ChainRequestException(ChainId, "coins contended", $"The coins selected for batch {batch.Id} were taken by other batches {attempt} times in a row (another process shares the payer without sharing the reservation store's view?). Nothing was signed; try again.", isTransient: true);
                }
            }
        }
        finally
        {
            payer.Gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="TransactionRejectedException">The node refused the transaction; <see cref="ChainRequestException.ErrorCode"/> says why.</exception>
    /// <exception cref="ChainUnavailableException">The backend cannot be reached (the transaction may still have arrived).</exception>
    protected override async Task<SubmissionResult> SubmitCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        using var activity = DashTelemetry.ActivitySource.StartActivity("dash.submit");
        activity?.SetTag("chain.id", _chainText);
        activity?.SetTag("energy_settlement.transaction.id", transaction.TransactionId.Value);
        var result = await _backend.BroadcastAsync(transaction.RawTransaction, cancellationToken).ConfigureAwait(false);
        _submitted[transaction.TransactionId] = 0;
        Log.Submitted(_logger, transaction.TransactionId.Value, _chainText, _backend.Name, result == SubmissionResult.Accepted ? "accepted" : "already known");
        return result;
    }

    /// <inheritdoc />
    /// <remarks>A final transaction's coin reservation is marked spent (once). An unknown transaction one of whose inputs
    /// another transaction spends is conflicted; one that was submitted through this provider and is gone with its inputs
    /// unspent is dropped (re-submit the same bytes); otherwise unknown.</remarks>
    protected override async Task<SettlementStatus> GetStatusCoreAsync(PreparedTransaction transaction, CancellationToken cancellationToken)
    {
        var id = transaction.TransactionId;
        var status = await _backend.GetTransactionStatusAsync(id, cancellationToken).ConfigureAwait(false);
        if (status.IsKnown)
        {
            return await KnownStatusAsync(transaction, status, cancellationToken).ConfigureAwait(false);
        }

        var parsed = Parse(transaction);
        foreach (var input in parsed.Inputs)
        {
            var outPoint = input.ToOutPoint();
            var spend = await _backend.GetSpendAsync(outPoint, cancellationToken).ConfigureAwait(false);
            if (!spend.IsSpent || spend.SpentBy == id)
            {
                continue;
            }

            if (spend.SpentBy is null)
            {
                // The backend cannot name the spender (Dash Core's gettxout): make sure it is not this very transaction,
                // which may have reached the node between the two questions.
                var again = await _backend.GetTransactionStatusAsync(id, cancellationToken).ConfigureAwait(false);
                if (again.IsKnown)
                {
                    return await KnownStatusAsync(transaction, again, cancellationToken).ConfigureAwait(false);
                }
            }

            string spender = spend.SpentBy?.Value ?? "an unknown transaction";
            DashTelemetry.Conflicts.Add(1, _chainTag);
            Log.Conflicted(_logger, id.Value, _chainText, outPoint.ToString(), spender);
            return new SettlementStatus
            {
                State = SettlementState.Conflicted,
                TransactionId = id,
                ReplacedBy = spend.SpentBy,
                Detail = $"Its input {outPoint} is spent by {spender}; it can never be included. Release it and prepare the batch again.",
            };
        }

        if (_submitted.ContainsKey(id))
        {
            Log.Dropped(_logger, id.Value, _chainText);
            return new SettlementStatus { State = SettlementState.Dropped, TransactionId = id, Detail = "The node no longer knows it and its inputs are unspent: submit the same bytes again." };
        }

        return new SettlementStatus { State = SettlementState.Unknown, TransactionId = id };
    }

    /// <summary>
    /// Builds and signs a child that spends the stuck transaction's change back to the paying address and pays a fee that
    /// brings parent and child together to the acceleration rate (<see cref="UtxoSettlementOptions.AccelerationFeeRatePerKilobyte"/>,
    /// by default twice the parent's rate and at least the current rate). The change coin is reserved for the child first.
    /// Accelerating the same transaction again rebuilds the same child.
    /// </summary>
    /// <param name="stuck">A transaction this provider prepared.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The child, <see cref="AccelerationKind.ChildPaysForParent"/>; the stuck transaction still settles the batch.</returns>
    /// <exception cref="ArgumentException">The transaction is not from an address of this provider.</exception>
    /// <exception cref="InvalidOperationException">The transaction has no change output, or its change is already spent by another batch's transaction.</exception>
    /// <exception cref="InsufficientFundsException">The change is too small to pay for both.</exception>
    protected override async Task<Acceleration> AccelerateCoreAsync(PreparedTransaction stuck, CancellationToken cancellationToken)
    {
        if (!_payers.TryGetValue(stuck.Payer.Address, out var payer))
        {
            throw new ArgumentException($"{stuck.TransactionId} pays from {stuck.Payer}, which this provider does not sign for.", nameof(stuck));
        }

        var parent = Parse(stuck);
        int changeIndex = ChangeIndex(parent, payer);
        if (changeIndex < 0)
        {
            throw new InvalidOperationException($"{stuck.TransactionId} has no change output to spend, so no child can pay for it; wait for it, or release it once it is provably dead.");
        }

        var childKey = new SettlementBatchId(ChildReservationPrefix + stuck.TransactionId.Value);
        var change = parent.Outputs[changeIndex];
        await payer.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var parentReservation = await FindReservationAsync(stuck.BatchId, parent, cancellationToken).ConfigureAwait(false)
                ?? throw new ArgumentException($"{stuck.TransactionId} holds no coin reservation of this provider's: it was not prepared here.", nameof(stuck));
            long parentFee = parentReservation.Coins.Sum(c => (long)c.Amount.Amount) - parent.TotalOutputValue;
            var parentRate = FeeRate.FromFee(parentFee, parent.Size);
            var rate = _feeRates.TryGetValue(childKey, out var known) ? known : await AccelerationRateAsync(parentRate, cancellationToken).ConfigureAwait(false);

            int childSize = 4 + 1 + payer.InputSize + 1 + (8 + 1 + payer.ScriptPubKey.Length) + 4;
            long childFee = Math.Max(rate.GetFee(parent.Size + childSize) - parentFee, Network.MinRelayFee.GetFee(childSize));
            long childValue = change.Value - childFee;
            if (childValue < Network.GetDustThreshold(payer.ScriptPubKey.Length))
            {
                throw new InsufficientFundsException(ChainId, stuck.Payer, $"The change of {stuck.TransactionId} ({change.Value}) cannot pay a child fee of {childFee} and keep an output above the dust threshold. Nothing was reserved or signed.");
            }

            var coin = new ReservedCoin
            {
                Owner = payer.Account,
                OutPoint = new OutPoint(stuck.TransactionId, (uint)changeIndex),
                Amount = new Money(change.Value, Network.NativeAsset),
            };
            var result = await _reservations.ReserveAsync(childKey, [coin], _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (!result.IsReserved)
            {
                throw new InvalidOperationException($"The change of {stuck.TransactionId} is already held by batch {result.HeldByOthers.Values.First()}, whose transaction spends it and so already pays for it.");
            }

            _feeRates[childKey] = rate;
            var child = new UtxoTransaction(
                [new TransactionInput(parent.Hash, (uint)changeIndex)],
                [new TransactionOutput(childValue, payer.ScriptPubKey)]);
            var prepared = await SignAsync(stuck.BatchId, payer, child, childFee, rate, "child-pays-for-parent", cancellationToken).ConfigureAwait(false);
            Log.Accelerating(_logger, prepared.TransactionId.Value, stuck.TransactionId.Value, stuck.BatchId.Value, childFee, rate.PerKilobyte);
            return new Acceleration { Transaction = prepared, Kind = AccelerationKind.ChildPaysForParent, Accelerates = stuck.TransactionId };
        }
        finally
        {
            payer.Gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Frees the coins the transaction reserved, so that preparing its batch again selects anew. Refuses while the
    /// backend still knows the transaction (it could still be mined: releasing then could pay the batch twice). No-op when
    /// the transaction holds no live reservation.</remarks>
    /// <exception cref="InvalidOperationException">The backend still knows the transaction.</exception>
    protected override async Task ReleaseCoreAsync(PreparedTransaction dead, CancellationToken cancellationToken)
    {
        var status = await _backend.GetTransactionStatusAsync(dead.TransactionId, cancellationToken).ConfigureAwait(false);
        if (status.IsKnown)
        {
            throw new InvalidOperationException($"{dead.TransactionId} is still known to {_backend.Name} ({status.Confirmations} confirmation(s)): it is not dead, and releasing its coins could pay batch {dead.BatchId} twice.");
        }

        var parsed = Parse(dead);
        var reservation = await FindReservationAsync(dead.BatchId, parsed, cancellationToken).ConfigureAwait(false);
        if (reservation is null || reservation.IsSpent)
        {
            return;
        }

        await _reservations.ReleaseAsync(reservation.Batch, cancellationToken).ConfigureAwait(false);
        _feeRates.TryRemove(reservation.Batch, out _);
        Log.Released(_logger, reservation.Coins.Count, dead.TransactionId.Value, dead.BatchId.Value);
    }

    /// <inheritdoc />
    protected override async Task<Money> GetBalanceCoreAsync(SettlementAccount account, Asset asset, CancellationToken cancellationToken)
    {
        var coins = await _backend.GetUnspentOutputsAsync(account.Address, cancellationToken).ConfigureAwait(false);
        long sum = 0;
        foreach (var coin in coins)
        {
            sum = checked(sum + coin.Value);
        }

        return new Money(sum, asset);
    }

    /// <inheritdoc />
    /// <remarks>P2PKH and P2SH addresses of <see cref="Network"/>; the reason names the error (checksum, length, network).</remarks>
    protected override bool IsValidAddress(string address, out string reason)
    {
        try
        {
            _ = UtxoAddress.Parse(address, Network);
            reason = string.Empty;
            return true;
        }
        catch (Base58CheckFormatException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    /// <summary>The bytes the OP_RETURN output carries for a batch: the id's ASCII bytes when they fit, else its SHA-256.</summary>
    internal static byte[] BatchReference(SettlementBatchId batchId, int maxBytes)
    {
        byte[] ascii = Encoding.ASCII.GetBytes(batchId.Value);
        return ascii.Length <= maxBytes ? ascii : SHA256.HashData(ascii);
    }

    private static ChainId ValidChainId(UtxoNetwork network, UtxoSettlementOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        var errors = UtxoSettlementOptionsValidator.Errors(options, network);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, options.GetType(), errors);
        }

        return network.ChainId;
    }

    /// <summary>The most P2PKH payouts that fit the standard size beside the most inputs of <paramref name="inputSize"/>
    /// bytes, a change output and the memo.</summary>
    internal static int MaxPayoutsFor(UtxoNetwork network, UtxoSettlementOptions options, int inputSize)
    {
        int memo = options.WriteBatchReference ? NullDataOutputSize(network.MaxDataCarrierBytes) : 0;
        int fixedPart = 4 + VarInt.SizeOf((ulong)options.MaxInputsPerTransaction) + (options.MaxInputsPerTransaction * inputSize)
            + 9 + Script.P2pkhLength + 1 + memo + 4;
        int room = network.MaxStandardTransactionSize - 1 - fixedPart - 9; // 9: the largest output-count CompactSize
        return Math.Max(0, room / (8 + 1 + Script.P2pkhLength));
    }

    private static int TypicalBatchSize(UtxoNetwork network, UtxoSettlementOptions options, int inputSize) =>
        4 + 1 + inputSize + 1 + (11 * (8 + 1 + Script.P2pkhLength)) + (options.WriteBatchReference ? NullDataOutputSize(Math.Min(32, network.MaxDataCarrierBytes)) : 0) + 4;

    private static int NullDataOutputSize(int dataBytes)
    {
        int script = 1 + Script.PushSize(dataBytes);
        return 8 + VarInt.SizeOf((ulong)script) + script;
    }

    private static int ChangeIndex(UtxoTransaction transaction, PayerKey payer)
    {
        // A batch never pays its own payer (WhyNotFit), so an output to the payer's address is the change.
        for (int i = transaction.Outputs.Count - 1; i >= 0; i--)
        {
            if (transaction.Outputs[i].ScriptPubKey.Span.SequenceEqual(payer.ScriptPubKey))
            {
                return i;
            }
        }

        return -1;
    }

    private UtxoTransaction Parse(PreparedTransaction transaction)
    {
        try
        {
            return UtxoTransaction.Parse(transaction.RawTransaction.Span, Network.HasSpecialTransactions);
        }
        catch (TransactionFormatException ex)
        {
            throw new ArgumentException($"{transaction.TransactionId} is not a transaction of {Network.Name}: {ex.Message}", nameof(transaction), ex);
        }
    }

    private string? WhyNotFit(SettlementBatch batch)
    {
        if (batch.Payouts.Count > Capabilities.MaxPayoutsPerTransaction)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The batch has {batch.Payouts.Count} payouts; one {Network.Name} transaction carries at most {Capabilities.MaxPayoutsPerTransaction}.");
        }

        long total = 0;
        foreach (var payout in batch.Payouts)
        {
            if (payout.Payee.Address == batch.Payer.Address)
            {
                return $"The batch pays its own payer {batch.Payer.Address}; leave such payouts out (change returns to the payer anyway).";
            }

            var payee = UtxoAddress.Parse(payout.Payee.Address, Network);
            long dust = Network.GetDustThreshold(payee.ScriptPubKeyLength);
            if (payout.Amount.Amount < dust || payout.Amount.Amount > long.MaxValue)
            {
                return string.Create(CultureInfo.InvariantCulture, $"The payout of {payout.Amount.Amount} to {payout.Payee.Address} is below the dust threshold of {dust} (nodes do not relay such outputs); settle it later together with more.");
            }

            total += (long)payout.Amount.Amount;
            if (total < 0)
            {
                return "The payouts' total does not fit a 64-bit amount.";
            }
        }

        return null;
    }

    private CoinSelectionRequest Request(SettlementBatch batch, PayerKey payer, FeeRate rate)
    {
        long target = 0;
        int outputsSize = 0;
        foreach (var payout in batch.Payouts)
        {
            target += (long)payout.Amount.Amount;
            outputsSize += 8 + 1 + UtxoAddress.Parse(payout.Payee.Address, Network).ScriptPubKeyLength;
        }

        int outputCount = batch.Payouts.Count;
        if (_options.WriteBatchReference)
        {
            outputsSize += NullDataOutputSize(BatchReference(batch.Id, Network.MaxDataCarrierBytes).Length);
            outputCount++;
        }

        return new CoinSelectionRequest
        {
            Target = target,
            OutputCount = outputCount,
            OutputsSize = outputsSize,
            InputSize = payer.InputSize,
            ChangeOutputSize = 8 + 1 + payer.ScriptPubKey.Length,
            ChangeDustThreshold = Network.GetDustThreshold(payer.ScriptPubKey.Length),
            FeeRate = rate,
            MaxInputs = _options.MaxInputsPerTransaction,
            MaxTransactionSize = Network.MaxStandardTransactionSize - 1,
        };
    }

    private UtxoTransaction Build(SettlementBatch batch, PayerKey payer, CoinSelection selection)
    {
        var inputs = selection.Coins.Select(c => new TransactionInput(TransactionHash.FromChainTransactionId(c.OutPoint.TransactionId), c.OutPoint.Index)).ToList();
        var outputs = new List<TransactionOutput>(batch.Payouts.Count + 2);
        foreach (var payout in batch.Payouts)
        {
            outputs.Add(TransactionOutput.Pay(UtxoAddress.Parse(payout.Payee.Address, Network), (long)payout.Amount.Amount));
        }

        if (_options.WriteBatchReference)
        {
            outputs.Add(TransactionOutput.NullData(BatchReference(batch.Id, Network.MaxDataCarrierBytes)));
        }

        if (selection.HasChange)
        {
            outputs.Add(new TransactionOutput(selection.Change, payer.ScriptPubKey));
        }

        return new UtxoTransaction(inputs, outputs);
    }

    private async Task<PreparedTransaction> RebuildAsync(SettlementBatch batch, PayerKey payer, CoinReservation reservation, CancellationToken cancellationToken)
    {
        if (reservation.Coins.Any(c => c.Owner != payer.Account))
        {
            throw new IdempotencyConflictException("coin reservation", batch.Id.Value, $"Batch {batch.Id} holds a reservation of coins of {reservation.Coins[0].Owner}, not of its payer {batch.Payer}: the same batch id was used for another payer.");
        }

        // The rate of the first preparation when this process made it; else the fixed rate (the estimate, if any, was
        // at least that, so the reserved coins cover it).
        var rate = _feeRates.GetValueOrDefault(batch.Id, _fixedRate);
        var coins = reservation.Coins.Select(c => new UnspentOutput
        {
            OutPoint = c.OutPoint,
            Address = payer.Address.ToString(),
            Value = (long)c.Amount.Amount,
            ScriptPubKey = payer.ScriptPubKey,
        }).ToArray();
        var request = Request(batch, payer, rate);
        long sum = coins.Sum(c => c.Value);
        long need = request.Target + rate.GetFee(request.TransactionSize(coins.Length, withChange: false));
        if (sum < need)
        {
            throw new IdempotencyConflictException("coin reservation", batch.Id.Value, string.Create(CultureInfo.InvariantCulture, $"Batch {batch.Id} holds {coins.Length} reserved coin(s) worth {sum}, which cannot pay its payouts and fee ({need}): the batch's payouts changed since its coins were reserved. Release the old transaction before preparing different payouts under the same id."));
        }

        var selection = CoinSelector.Complete(request, coins, sum);
        var prepared = await SignAsync(batch.Id, payer, Build(batch, payer, selection), selection.Fee, rate, "rebuilt", cancellationToken).ConfigureAwait(false);
        Log.Rebuilt(_logger, prepared.TransactionId.Value, batch.Id.Value, coins.Length);
        return prepared;
    }

    private async Task<PreparedTransaction> SignAsync(SettlementBatchId batchId, PayerKey payer, UtxoTransaction unsignedTransaction, long fee, FeeRate rate, string kind, CancellationToken cancellationToken)
    {
        var signed = await TransactionSigner.SignP2pkhAsync(unsignedTransaction, payer.Signer, cancellationToken).ConfigureAwait(false);
        DashTelemetry.TransactionsSigned.Add(1, _chainTag, new KeyValuePair<string, object?>("kind", kind));
        DashTelemetry.TransactionSize.Record(signed.Size, _chainTag);
        DashTelemetry.InputsPerTransaction.Record(signed.Inputs.Count, _chainTag);
        var id = signed.Hash.ToChainTransactionId();
        if (kind != "rebuilt" && _logger.IsEnabled(LogLevel.Information))
        {
            Log.Signed(_logger, id.Value, batchId.Value, payer.Account.Address, signed.Inputs.Count, signed.Outputs.Count, signed.Size, fee, rate.PerKilobyte);
        }

        return new PreparedTransaction
        {
            BatchId = batchId,
            ChainId = ChainId,
            Payer = payer.Account,
            TransactionId = id,
            RawTransaction = signed.ToBytes(),
            MaxFee = new Money(fee, Network.NativeAsset),
        };
    }

    private async Task<SettlementStatus> KnownStatusAsync(PreparedTransaction transaction, UtxoTransactionStatus status, CancellationToken cancellationToken)
    {
        string? signal = null;
        if (Network.HasInstantSend && _options.FinalOnInstantSendLock && status.IsInstantLocked)
        {
            signal = "instantsend";
        }
        else if (Network.HasChainLocks && _options.FinalOnChainLock && status.IsChainLocked && status.Confirmations >= 1)
        {
            signal = "chainlock";
        }
        else if (status.Confirmations >= _options.Confirmations)
        {
            signal = "confirmations";
        }

        var state = signal is not null ? SettlementState.Final : status.Confirmations >= 1 ? SettlementState.Included : SettlementState.Pending;
        if (state == SettlementState.Final && !_markedSpent.ContainsKey(transaction.TransactionId))
        {
            var reservation = await FindReservationAsync(transaction.BatchId, Parse(transaction), cancellationToken).ConfigureAwait(false);
            if (reservation is { IsSpent: false })
            {
                await _reservations.MarkSpentAsync(reservation.Batch, cancellationToken).ConfigureAwait(false);
            }

            _markedSpent.TryAdd(transaction.TransactionId, 0);

            _feeRates.TryRemove(transaction.BatchId, out _);
            DashTelemetry.Finalized.Add(1, _chainTag, new KeyValuePair<string, object?>("signal", signal));
            Log.Final(_logger, transaction.TransactionId.Value, _chainText, signal!, status.Confirmations);
        }

        return new SettlementStatus
        {
            State = state,
            TransactionId = transaction.TransactionId,
            Confirmations = status.Confirmations,
            BlockHash = status.BlockHash,
            BlockNumber = status.BlockHeight is long height and >= 0 ? (ulong)height : null,
            Detail = signal switch
            {
                "instantsend" => "InstantSend-locked",
                "chainlock" => "in a chain-locked block",
                "confirmations" => string.Create(CultureInfo.InvariantCulture, $"{status.Confirmations} confirmations"),
                _ => null,
            },
        };
    }

    /// <summary>The reservation that holds exactly the inputs of <paramref name="transaction"/>: the batch's own, or the
    /// one a child-pays-for-parent transaction made for the change it spends.</summary>
    private async Task<CoinReservation?> FindReservationAsync(SettlementBatchId batchId, UtxoTransaction transaction, CancellationToken cancellationToken)
    {
        var inputs = transaction.Inputs.Select(i => i.ToOutPoint()).ToHashSet();
        SettlementBatchId[] keys = transaction.Inputs.Count == 1
            ? [batchId, new SettlementBatchId(ChildReservationPrefix + transaction.Inputs[0].PreviousTransaction)]
            : [batchId];
        foreach (var key in keys)
        {
            var reservation = await _reservations.FindAsync(key, cancellationToken).ConfigureAwait(false);
            if (reservation is not null && reservation.Coins.Count == inputs.Count && reservation.Coins.All(c => inputs.Contains(c.OutPoint)))
            {
                return reservation;
            }
        }

        return null;
    }

    private async Task<FeeRate> CurrentFeeRateAsync(CancellationToken cancellationToken)
    {
        var rate = FeeRate.Max(_fixedRate, Network.MinRelayFee);
        if (_options.FeeEstimateTargetBlocks is int target
            && await _backend.EstimateFeeRateAsync(target, cancellationToken).ConfigureAwait(false) is long estimate
            && estimate > rate.PerKilobyte)
        {
            if (estimate > _maxRate.PerKilobyte)
            {
                Log.FeeRateCapped(_logger, _chainText, estimate, _maxRate.PerKilobyte);
                return _maxRate;
            }

            rate = new FeeRate(estimate);
        }

        return rate;
    }

    private async Task<FeeRate> AccelerationRateAsync(FeeRate parentRate, CancellationToken cancellationToken)
    {
        FeeRate rate = _options.AccelerationFeeRatePerKilobyte is long configured
            ? new FeeRate(configured)
            : FeeRate.Max(new FeeRate(checked(parentRate.PerKilobyte * 2)), await CurrentFeeRateAsync(cancellationToken).ConfigureAwait(false));
        return FeeRate.Min(FeeRate.Max(rate, Network.MinRelayFee), _maxRate);
    }

    /// <summary>The payer's coins that may be spent now: its P2PKH outputs, not held by any reservation (live or spent),
    /// confirmed enough — or, on an InstantSend network, from an InstantSend-locked transaction.</summary>
    private async Task<IReadOnlyList<UnspentOutput>> SpendableCoinsAsync(PayerKey payer, CancellationToken cancellationToken)
    {
        var listed = await _backend.GetUnspentOutputsAsync(payer.Address.ToString(), cancellationToken).ConfigureAwait(false);
        var reservations = await _reservations.LoadAsync(payer.Account, cancellationToken).ConfigureAwait(false);
        var held = new HashSet<OutPoint>(reservations.SelectMany(r => r.Coins).Select(c => c.OutPoint));
        var locked = new Dictionary<ChainTransactionId, bool>();
        var spendable = new List<UnspentOutput>(listed.Count);
        foreach (var coin in listed)
        {
            if (held.Contains(coin.OutPoint) || coin.Value <= 0 || !coin.ScriptPubKey.Span.SequenceEqual(payer.ScriptPubKey))
            {
                continue;
            }

            if (coin.Confirmations < _options.MinimumCoinConfirmations)
            {
                if (!Network.HasInstantSend || coin.Confirmations > 0)
                {
                    continue;
                }

                if (!locked.TryGetValue(coin.OutPoint.TransactionId, out bool isLocked))
                {
                    var status = await _backend.GetTransactionStatusAsync(coin.OutPoint.TransactionId, cancellationToken).ConfigureAwait(false);
                    isLocked = status.IsInstantLocked || status.Confirmations >= _options.MinimumCoinConfirmations;
                    locked[coin.OutPoint.TransactionId] = isLocked;
                }

                if (!isLocked)
                {
                    continue;
                }
            }

            spendable.Add(coin);
        }

        return spendable;
    }

    private ReservedCoin[] ToReserved(PayerKey payer, IReadOnlyList<UnspentOutput> coins) =>
        coins.Select(c => new ReservedCoin { Owner = payer.Account, OutPoint = c.OutPoint, Amount = new Money(c.Value, Network.NativeAsset) }).ToArray();
}
