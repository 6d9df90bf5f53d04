using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>
/// A deterministic in-process blockchain ledger for tests: accounts with balances per asset, a mempool, blocks mined on
/// demand (<see cref="MineBlock"/>), reorgs (<see cref="Reorg"/>) and injectable faults (<see cref="Faults"/>).
/// <see cref="SimulatedChainProvider"/> settles batches on it through the ordinary chain-provider contract.
/// </summary>
/// <remarks>
/// <para><b>Transactions.</b> A transaction pays one batch's payouts from the payer and carries a fee (in the native coin)
/// and the payer's sequence number. Its id is the SHA-256 of its canonical bytes, so the same content always has the same
/// id. Each (payer, sequence) slot can be used by one transaction only, like a coin that can be spent once: two
/// transactions at the same slot conflict, and a new transaction at a pending slot replaces the pending one only with a
/// strictly higher fee. Unlike Ethereum nonces, slots need not be used in order, so a gap never blocks later
/// transactions.</para>
/// <para><b>Money.</b> Nothing moves at submission. When a transaction is included the payer is debited the payouts and
/// the fee, and each payee is credited; fees are burned (see <see cref="FeesBurned"/>). Submission refuses a transaction
/// the payer cannot cover, counting the payer's other pending transactions, with <see cref="InsufficientFundsException"/>;
/// a pending transaction that can no longer be covered when a block is mined (after a reorg or
/// <see cref="SetBalance"/>) waits in the mempool until it can. Money is conserved: for every asset, the balances plus the
/// fees burned equal <see cref="TotalIssued"/>.</para>
/// <para><b>Batches.</b> A batch id is settled at most once (unless <see cref="SimulatedChainOptions.EnforceUniqueBatchIds"/>
/// is off), as a settlement contract would enforce: a submission for a
/// batch already settled on chain is refused (<see cref="TransactionRejectedException"/>, code
/// <c>batch-already-settled</c>); a pending transaction whose batch another transaction settles first is still included
/// when its turn comes, as a refused no-op that only pays its fee (status Conflicted).</para>
/// <para>Time comes from the injected <see cref="TimeProvider"/>; nothing sleeps. Thread-safe: every member takes one lock.</para>
/// </remarks>
public sealed partial class SimulatedChain
{
    private const string ZeroHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private readonly TimeProvider _time;
    private readonly List<BlockEntry> _blocks = [];
    private readonly Dictionary<(SettlementAccount Account, Asset Asset), Int128> _balances = [];
    private readonly Dictionary<Asset, Int128> _issued = [];
    private readonly Dictionary<(SettlementAccount Payer, ulong Sequence), MempoolEntry> _mempool = [];
    private readonly Dictionary<ChainTransactionId, SimulatedTransaction> _seen = [];
    private readonly Dictionary<ChainTransactionId, ChainTransactionId> _replacedBy = [];
    private readonly Dictionary<ChainTransactionId, IncludedEntry> _included = [];
    private readonly Dictionary<(SettlementAccount Payer, ulong Sequence), ChainTransactionId> _slotUsedBy = [];
    private readonly Dictionary<SettlementBatchId, List<ChainTransactionId>> _settlements = [];
    private Int128 _feesBurned;
    private long _arrivals;
    private long _blocksProduced;

    /// <summary>Creates a chain with a genesis block at height 0 and no balances.</summary>
    /// <param name="options">The chain's configuration; <see langword="null"/> for the defaults (<c>sim:local</c>, coin <c>SIM</c>).</param>
    /// <param name="timeProvider">The clock for block times, outages and fee spikes; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public SimulatedChain(SimulatedChainOptions? options = null, TimeProvider? timeProvider = null)
    {
        Rules = SimulatedChainRules.Create(options ?? new SimulatedChainOptions());
        _time = timeProvider ?? TimeProvider.System;
        Faults = new SimulatedFaultPlan(this);
        var genesis = new SimulatedBlock
        {
            Height = 0,
            Hash = LowerHex.Format(SHA256.HashData(Encoding.UTF8.GetBytes("genesis:" + ChainId))),
            ParentHash = ZeroHash,
            Timestamp = Now,
            TransactionIds = [],
        };
        _blocks.Add(new BlockEntry(genesis, []));
    }

    /// <summary>Gets the chain id.</summary>
    public ChainId ChainId => Rules.ChainId;

    /// <summary>Gets the native coin, in which fees are paid.</summary>
    public Asset NativeAsset => Rules.NativeAsset;

    /// <summary>Gets every asset the chain carries: the native coin first, then the tokens by symbol.</summary>
    public IReadOnlyList<Asset> Assets => Rules.Assets;

    /// <summary>Gets how many confirmations make a transaction final.</summary>
    public int ConfirmationsForFinality => Rules.ConfirmationsForFinality;

    /// <summary>Gets the fault plan, to inject faults.</summary>
    public SimulatedFaultPlan Faults { get; }

    /// <summary>Gets the height of the tip (0 before any block is mined).</summary>
    public long Height
    {
        get
        {
            lock (SyncRoot)
            {
                return TipHeight;
            }
        }
    }

    /// <summary>Gets the tip block.</summary>
    public SimulatedBlock Tip
    {
        get
        {
            lock (SyncRoot)
            {
                return _blocks[^1].Block;
            }
        }
    }

    /// <summary>Gets a snapshot of the ids of the pending transactions, in arrival order.</summary>
    public IReadOnlyList<ChainTransactionId> Mempool
    {
        get
        {
            lock (SyncRoot)
            {
                return _mempool.Values.OrderBy(e => e.Arrival).Select(e => e.Transaction.Id).ToArray();
            }
        }
    }

    /// <summary>Gets the fees burned by included transactions, in the native coin.</summary>
    public Money FeesBurned
    {
        get
        {
            lock (SyncRoot)
            {
                return new Money(_feesBurned, NativeAsset);
            }
        }
    }

    internal object SyncRoot { get; } = new();

    internal SimulatedChainRules Rules { get; }

    internal DateTimeOffset Now => _time.GetUtcNow();

    private long TipHeight => _blocks.Count - 1;

    /// <summary>Creates an account on this chain after checking the address rule (see <see cref="IsValidAddress"/>).</summary>
    /// <param name="address">The address, for example <c>alice</c>.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentException">The address does not follow the simulated chain's address rule.</exception>
    public SettlementAccount Account(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IsValidAddress(address, out var reason))
        {
            throw new ArgumentException($"'{address}' is not a simulated-chain address: {reason}", nameof(address));
        }

        return SettlementAccount.Create(ChainId, address);
    }

    /// <summary>Finds an asset of this chain by symbol.</summary>
    /// <param name="symbol">The symbol, for example <c>SIM</c>.</param>
    /// <returns>The asset.</returns>
    /// <exception cref="ArgumentException">The chain carries no asset with that symbol.</exception>
    public Asset GetAsset(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return Assets.FirstOrDefault(a => string.Equals(a.Symbol, symbol, StringComparison.Ordinal))
            ?? throw new ArgumentException($"The chain {ChainId} carries no asset '{symbol}'; it carries {string.Join(", ", Assets.Select(a => a.Symbol))}.", nameof(symbol));
    }

    /// <summary>Adds money to an account out of thin air (a faucet). Not part of any block, so a reorg does not undo it.</summary>
    /// <param name="account">The account; on this chain.</param>
    /// <param name="amount">The amount; positive, in an asset of this chain.</param>
    /// <exception cref="ArgumentException">The account is on another chain, the asset is not carried, or the amount is not positive.</exception>
    public void Fund(SettlementAccount account, Money amount)
    {
        CheckAccount(account);
        CheckAsset(amount.Asset);
        if (amount.Amount <= 0)
        {
            throw new ArgumentException($"Funding must be positive; found {amount}.", nameof(amount));
        }

        lock (SyncRoot)
        {
            Credit(account, amount.Asset, amount.Amount);
            _issued[amount.Asset] = checked(Issued(amount.Asset) + amount.Amount);
            Changed();
        }
    }

    /// <summary>
    /// Sets an account's balance of an asset now, issuing or withdrawing the difference (counted in
    /// <see cref="TotalIssued"/>). Not part of any block, so a reorg does not undo it.
    /// </summary>
    /// <param name="account">The account; on this chain.</param>
    /// <param name="balance">The new balance; not negative, in an asset of this chain.</param>
    /// <exception cref="ArgumentException">The account is on another chain, the asset is not carried, or the balance is negative.</exception>
    public void SetBalance(SettlementAccount account, Money balance)
    {
        CheckAccount(account);
        CheckAsset(balance.Asset);
        if (balance.Amount < 0)
        {
            throw new ArgumentException($"A balance cannot be negative; found {balance}.", nameof(balance));
        }

        lock (SyncRoot)
        {
            var delta = checked(balance.Amount - Balance(account, balance.Asset));
            Credit(account, balance.Asset, delta);
            _issued[balance.Asset] = checked(Issued(balance.Asset) + delta);
            Changed();
        }
    }

    /// <summary>Returns an account's balance of an asset as of the tip (pending transactions do not count).</summary>
    /// <param name="account">The account; on this chain.</param>
    /// <param name="asset">The asset; carried by this chain.</param>
    /// <returns>The balance.</returns>
    /// <exception cref="ArgumentException">The account is on another chain or the asset is not carried.</exception>
    public Money GetBalance(SettlementAccount account, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        CheckAccount(account);
        CheckAsset(asset);
        lock (SyncRoot)
        {
            return new Money(Balance(account, asset), asset);
        }
    }

    /// <summary>Returns the sum of every account's balance of an asset.</summary>
    /// <param name="asset">The asset; carried by this chain.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="ArgumentException">The asset is not carried.</exception>
    public Money TotalBalance(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        CheckAsset(asset);
        lock (SyncRoot)
        {
            Int128 sum = 0;
            foreach (var ((_, a), amount) in _balances)
            {
                if (a == asset)
                {
                    sum = checked(sum + amount);
                }
            }

            return new Money(sum, asset);
        }
    }

    /// <summary>
    /// Returns the money issued in an asset by <see cref="Fund"/> and <see cref="SetBalance"/>. Conservation:
    /// <see cref="TotalBalance"/> plus, for the native coin, <see cref="FeesBurned"/> always equals it.
    /// </summary>
    /// <param name="asset">The asset; carried by this chain.</param>
    /// <returns>The money issued.</returns>
    /// <exception cref="ArgumentException">The asset is not carried.</exception>
    public Money TotalIssued(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        CheckAsset(asset);
        lock (SyncRoot)
        {
            return new Money(Issued(asset), asset);
        }
    }

    /// <summary>Finds the transaction that settled a batch on the current chain.</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="transactionId">The settling transaction, when the batch is settled.</param>
    /// <returns><see langword="true"/> when a transaction in a block of the current chain paid the batch.</returns>
    public bool TryGetSettlement(SettlementBatchId batchId, out ChainTransactionId transactionId)
    {
        lock (SyncRoot)
        {
            transactionId = FirstSettlement(batchId) ?? default;
            return transactionId != default;
        }
    }

    /// <summary>
    /// Returns every transaction of the current chain that paid a batch, in inclusion order: one when the batch was paid
    /// once, more when it was paid twice (possible only with <see cref="SimulatedChainOptions.EnforceUniqueBatchIds"/> off).
    /// </summary>
    /// <param name="batchId">The batch id.</param>
    /// <returns>The paying transactions (empty when the batch is unpaid).</returns>
    public IReadOnlyList<ChainTransactionId> GetSettlements(SettlementBatchId batchId)
    {
        lock (SyncRoot)
        {
            return _settlements.TryGetValue(batchId, out var settlements) ? settlements.ToArray() : [];
        }
    }

    /// <summary>Returns the block at a height of the current chain.</summary>
    /// <param name="height">The height; 0 to <see cref="Height"/>.</param>
    /// <returns>The block.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No block at that height.</exception>
    public SimulatedBlock GetBlock(long height)
    {
        lock (SyncRoot)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(height);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(height, TipHeight);
            return _blocks[(int)height].Block;
        }
    }

    /// <summary>
    /// Mines one block on the tip, including every pending transaction that can go in now: its fee is at least the current
    /// required fee (see <see cref="SimulatedFaultPlan.FeeSpike"/>) and the payer can cover it. Transactions are taken in
    /// arrival order, repeatedly, until no more can go in.
    /// </summary>
    /// <returns>The new block (possibly empty).</returns>
    public SimulatedBlock MineBlock()
    {
        lock (SyncRoot)
        {
            var height = TipHeight + 1;
            var multiplier = Faults.CurrentFeeMultiplier();
            var included = new List<IncludedEntry>();
            bool progress;
            do
            {
                progress = false;
                foreach (var entry in _mempool.Values.OrderBy(e => e.Arrival).ToArray())
                {
                    var tx = entry.Transaction;
                    if (tx.Fee.Amount < Rules.RequiredFee(tx.Payouts.Count, multiplier))
                    {
                        continue;
                    }

                    var refused = Rules.EnforceUniqueBatchIds && IsSettled(tx.BatchId);
                    if (!CanCover(tx, refused, pendingOfPayer: null))
                    {
                        continue;
                    }

                    _mempool.Remove(tx.Slot);
                    var inclusion = new IncludedEntry(tx, height, refused, entry.Arrival);
                    Apply(inclusion);
                    included.Add(inclusion);
                    progress = true;
                }
            }
            while (progress);

            var parent = _blocks[^1].Block;
            var timestamp = Now;
            _blocksProduced++;
            var block = new SimulatedBlock
            {
                Height = height,
                Hash = BlockHash(parent.Hash, height, timestamp, _blocksProduced, included),
                ParentHash = parent.Hash,
                Timestamp = timestamp,
                TransactionIds = included.Select(i => i.Transaction.Id).ToArray(),
            };
            _blocks.Add(new BlockEntry(block, included));
            Changed();
            return block;
        }
    }

    /// <summary>Mines <paramref name="count"/> blocks, one after another (see <see cref="MineBlock"/>).</summary>
    /// <param name="count">How many blocks; at least 1.</param>
    /// <returns>The new blocks, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public IReadOnlyList<SimulatedBlock> MineBlocks(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var blocks = new SimulatedBlock[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = MineBlock();
        }

        return blocks;
    }

    /// <summary>
    /// Removes the last <paramref name="depth"/> blocks, as a reorg to a competing branch: their effects on balances are
    /// undone and their transactions go back to the mempool or are dropped, as <paramref name="mode"/> says. Blocks mined
    /// afterwards get new hashes.
    /// </summary>
    /// <param name="depth">How many blocks to remove; 1 to <see cref="Height"/> (the genesis block stays).</param>
    /// <param name="mode">What happens to the removed blocks' transactions.</param>
    /// <returns>The ids of the transactions the removed blocks included, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is less than 1 or more than the height.</exception>
    public IReadOnlyList<ChainTransactionId> Reorg(int depth, SimulatedReorgMode mode = SimulatedReorgMode.ReturnToMempool)
    {
        lock (SyncRoot)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, TipHeight);
            var removed = new List<IncludedEntry>();
            for (var i = 0; i < depth; i++)
            {
                var block = _blocks[^1];
                _blocks.RemoveAt(_blocks.Count - 1);
                for (var k = block.Transactions.Count - 1; k >= 0; k--)
                {
                    Revert(block.Transactions[k]);
                    removed.Add(block.Transactions[k]);
                }
            }

            removed.Reverse();
            if (mode == SimulatedReorgMode.ReturnToMempool)
            {
                foreach (var entry in removed)
                {
                    _mempool.TryAdd(entry.Transaction.Slot, new MempoolEntry(entry.Transaction, entry.Arrival));
                }
            }

            Changed();
            return removed.Select(e => e.Transaction.Id).ToArray();
        }
    }

    /// <summary>
    /// Whether <paramref name="address"/> follows the simulated chain's address rule: 1 to 64 characters of lower-case
    /// ASCII letters, digits and hyphens, starting with a letter (for example <c>alice</c> or <c>home-42</c>).
    /// </summary>
    /// <param name="address">The address.</param>
    /// <param name="reason">Why it is not valid, when it is not.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidAddress(string address, out string reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length is 0 or > 64)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"expected 1 to 64 characters, found {address.Length}.");
            return false;
        }

        if (!char.IsAsciiLetterLower(address[0]))
        {
            reason = "expected a lower-case letter first.";
            return false;
        }

        foreach (var c in address)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                reason = $"expected only lower-case letters, digits and '-', found '{c}'.";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Drops a pending transaction. See <see cref="SimulatedFaultPlan.DropFromMempool"/>.</summary>
    internal bool DropFromMempool(ChainTransactionId transactionId)
    {
        lock (SyncRoot)
        {
            if (!_seen.TryGetValue(transactionId, out var tx)
                || !_mempool.TryGetValue(tx.Slot, out var entry)
                || entry.Transaction.Id != transactionId)
            {
                return false;
            }

            _mempool.Remove(tx.Slot);
            Changed();
            return true;
        }
    }

    /// <summary>The fee a transaction with <paramref name="payoutCount"/> payouts must pay now. Caller holds the lock.</summary>
    internal Money RequiredFee(int payoutCount) => new(Rules.RequiredFee(payoutCount, Faults.CurrentFeeMultiplier()), NativeAsset);

    /// <summary>
    /// Whether the (payer, sequence) slot is free: not used by a transaction in the chain and not taken by a pending
    /// transaction other than <paramref name="except"/>. Caller holds the lock.
    /// </summary>
    internal bool IsSlotFree(SettlementAccount payer, ulong sequence, ChainTransactionId? except = null) =>
        !_slotUsedBy.ContainsKey((payer, sequence))
        && (!_mempool.TryGetValue((payer, sequence), out var pending) || pending.Transaction.Id == except);

    /// <summary>The transaction that settled a batch on the current chain, if any. Caller holds the lock.</summary>
    internal SimulatedTransaction? SettlementOf(SettlementBatchId batchId) =>
        FirstSettlement(batchId) is { } id ? _seen[id] : null;

    /// <summary>Whether the transaction is pending. Caller holds the lock.</summary>
    internal bool IsPending(SimulatedTransaction tx) => _mempool.TryGetValue(tx.Slot, out var entry) && entry.Transaction.Id == tx.Id;

    /// <summary>Node-side submission. See <see cref="ChainSettlementProvider.SubmitAsync"/>.</summary>
    internal SubmissionResult Submit(SimulatedTransaction tx)
    {
        lock (SyncRoot)
        {
            try
            {
                return SubmitLocked(tx);
            }
            finally
            {
                // Whatever happened — admitted, refused, a planned fault taken — the node's state is durable before it answers.
                Changed();
            }
        }
    }

    private SubmissionResult SubmitLocked(SimulatedTransaction tx)
    {
        Faults.ThrowIfUnreachable("submit");
        if (Faults.TryTakeRejection(out var code, out var message))
        {
            throw new TransactionRejectedException(ChainId, code, message);
        }

        SubmissionResult result;
        if (_included.ContainsKey(tx.Id) || IsPending(tx))
        {
            result = SubmissionResult.AlreadyKnown;
        }
        else
        {
            Admit(tx);
            result = SubmissionResult.Accepted;
        }

        if (Faults.TryTakeTimeout())
        {
            throw new ChainUnavailableException(
                ChainId,
                $"The submission of {tx.Id} to {ChainId} timed out; the node may have received it.",
                new TimeoutException("The simulated node did not answer in time."));
        }

        return result;
    }

    /// <summary>Node-side status. See <see cref="ChainSettlementProvider.GetStatusAsync"/>.</summary>
    internal SettlementStatus GetStatus(ChainTransactionId id)
    {
        lock (SyncRoot)
        {
            Faults.ThrowIfUnreachable("status");
            if (_included.TryGetValue(id, out var inclusion))
            {
                var confirmations = checked((int)(TipHeight - inclusion.Height + 1));
                var block = _blocks[(int)inclusion.Height].Block;
                if (inclusion.Refused)
                {
                    var settledBy = FirstSettlement(inclusion.Transaction.BatchId);
                    return new SettlementStatus
                    {
                        State = SettlementState.Conflicted,
                        TransactionId = id,
                        Confirmations = confirmations,
                        BlockHash = block.Hash,
                        BlockNumber = (ulong)inclusion.Height,
                        ReplacedBy = settledBy,
                        Detail = $"Included as a refused no-op (fee paid): batch {inclusion.Transaction.BatchId} was already settled by {settledBy}.",
                    };
                }

                var final = confirmations >= Rules.ConfirmationsForFinality;
                return new SettlementStatus
                {
                    State = final ? SettlementState.Final : SettlementState.Included,
                    TransactionId = id,
                    Confirmations = confirmations,
                    BlockHash = block.Hash,
                    BlockNumber = (ulong)inclusion.Height,
                    Detail = final
                        ? string.Create(CultureInfo.InvariantCulture, $"Final with {confirmations} confirmations.")
                        : string.Create(CultureInfo.InvariantCulture, $"{confirmations} of {Rules.ConfirmationsForFinality} confirmations."),
                };
            }

            if (!_seen.TryGetValue(id, out var tx))
            {
                return new SettlementStatus { State = SettlementState.Unknown, TransactionId = id, Detail = "The node has never seen this transaction." };
            }

            if (IsPending(tx))
            {
                return new SettlementStatus { State = SettlementState.Pending, TransactionId = id, Detail = WhyPending(tx) };
            }

            if (_slotUsedBy.TryGetValue(tx.Slot, out var slotUser))
            {
                return Conflicted(id, slotUser, $"Sequence {tx.Sequence} of {tx.Payer} was used by {slotUser}.");
            }

            if (Rules.EnforceUniqueBatchIds && FirstSettlement(tx.BatchId) is { } batchSettler)
            {
                return Conflicted(id, batchSettler, $"Batch {tx.BatchId} was settled by {batchSettler}.");
            }

            if (_replacedBy.TryGetValue(id, out var replacement) && (IsPending(_seen[replacement]) || _included.ContainsKey(replacement)))
            {
                return Conflicted(id, replacement, $"Replaced in the mempool by {replacement} (higher fee, same sequence).");
            }

            return new SettlementStatus
            {
                State = SettlementState.Dropped,
                TransactionId = id,
                Detail = "Dropped: neither pending nor in the chain; re-submit the same bytes.",
            };
        }
    }

    private static SettlementStatus Conflicted(ChainTransactionId id, ChainTransactionId by, string detail) => new()
    {
        State = SettlementState.Conflicted,
        TransactionId = id,
        ReplacedBy = by,
        Detail = detail,
    };

    private static string BlockHash(string parentHash, long height, DateTimeOffset timestamp, long produced, List<IncludedEntry> included)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes(parentHash));
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, height);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, timestamp.UtcTicks);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, produced);
        hash.AppendData(number);
        foreach (var entry in included)
        {
            hash.AppendData(Encoding.ASCII.GetBytes(entry.Transaction.Id.Value));
        }

        return LowerHex.Format(hash.GetHashAndReset());
    }

    /// <summary>Checks a new transaction and puts it in the mempool; throws a typed refusal. Caller holds the lock.</summary>
    private void Admit(SimulatedTransaction tx)
    {
        if (Rules.EnforceUniqueBatchIds && FirstSettlement(tx.BatchId) is { } settledBy)
        {
            throw new TransactionRejectedException(ChainId, "batch-already-settled", $"Batch {tx.BatchId} is already settled on {ChainId} by {settledBy}; it cannot be paid twice.");
        }

        if (_slotUsedBy.TryGetValue(tx.Slot, out var slotUser))
        {
            throw new TransactionRejectedException(
                ChainId,
                "sequence-used",
                string.Create(CultureInfo.InvariantCulture, $"Sequence {tx.Sequence} of {tx.Payer} is already used by {slotUser}."));
        }

        _mempool.TryGetValue(tx.Slot, out var existing);
        if (existing is not null && tx.Fee.Amount <= existing.Transaction.Fee.Amount)
        {
            throw new TransactionRejectedException(
                ChainId,
                "replacement-underpriced",
                $"Transaction {existing.Transaction.Id} is pending at sequence {tx.Sequence} of {tx.Payer} with fee {existing.Transaction.Fee}; a replacement must pay more than that, not {tx.Fee}.");
        }

        var pending = _mempool.Values.Where(e => e.Transaction.Payer == tx.Payer && e.Transaction.Slot != tx.Slot).Select(e => e.Transaction);
        if (!CanCover(tx, refused: false, pendingOfPayer: pending))
        {
            throw new InsufficientFundsException(
                ChainId,
                tx.Payer,
                $"{tx.Payer} cannot cover {tx.Total} plus fee {tx.Fee} (balances {Balance(tx.Payer, tx.Asset)} {tx.Asset.Symbol}, {Balance(tx.Payer, NativeAsset)} {NativeAsset.Symbol}, counting its pending transactions).");
        }

        if (existing is not null)
        {
            _replacedBy[existing.Transaction.Id] = tx.Id;
        }

        _seen.TryAdd(tx.Id, tx);
        _mempool[tx.Slot] = new MempoolEntry(tx, _arrivals++);
    }

    private string WhyPending(SimulatedTransaction tx)
    {
        var required = RequiredFee(tx.Payouts.Count);
        if (tx.Fee < required)
        {
            return $"Stuck: fee {tx.Fee} is below the current required fee {required}; it waits for fees to fall, or re-prepare to replace it.";
        }

        return CanCover(tx, Rules.EnforceUniqueBatchIds && IsSettled(tx.BatchId), pendingOfPayer: null)
            ? "Waiting for the next block."
            : $"Waiting for funds: {tx.Payer} cannot cover it now.";
    }

    private bool CanCover(SimulatedTransaction tx, bool refused, IEnumerable<SimulatedTransaction>? pendingOfPayer)
    {
        var needNative = tx.Fee.Amount;
        Int128 needAsset = 0;
        if (!refused)
        {
            if (tx.Asset == NativeAsset)
            {
                needNative = checked(needNative + tx.Total.Amount);
            }
            else
            {
                needAsset = tx.Total.Amount;
            }
        }

        foreach (var other in pendingOfPayer ?? [])
        {
            needNative = checked(needNative + other.Fee.Amount);
            if (other.Asset == NativeAsset)
            {
                needNative = checked(needNative + other.Total.Amount);
            }
            else if (other.Asset == tx.Asset)
            {
                needAsset = checked(needAsset + other.Total.Amount);
            }
        }

        return Balance(tx.Payer, NativeAsset) >= needNative
            && (tx.Asset == NativeAsset || Balance(tx.Payer, tx.Asset) >= needAsset);
    }

    private void Apply(IncludedEntry entry)
    {
        var tx = entry.Transaction;
        Credit(tx.Payer, NativeAsset, -tx.Fee.Amount);
        _feesBurned = checked(_feesBurned + tx.Fee.Amount);
        if (!entry.Refused)
        {
            Credit(tx.Payer, tx.Asset, -tx.Total.Amount);
            foreach (var payout in tx.Payouts)
            {
                Credit(payout.Payee, tx.Asset, payout.Amount.Amount);
            }

            if (!_settlements.TryGetValue(tx.BatchId, out var settlements))
            {
                settlements = [];
                _settlements.Add(tx.BatchId, settlements);
            }

            settlements.Add(tx.Id);
        }

        _included[tx.Id] = entry;
        _slotUsedBy[tx.Slot] = tx.Id;
        _seen.TryAdd(tx.Id, tx);
    }

    private void Revert(IncludedEntry entry)
    {
        var tx = entry.Transaction;
        if (!entry.Refused)
        {
            foreach (var payout in tx.Payouts)
            {
                Credit(payout.Payee, tx.Asset, -payout.Amount.Amount);
            }

            Credit(tx.Payer, tx.Asset, tx.Total.Amount);
            var settlements = _settlements[tx.BatchId];
            settlements.Remove(tx.Id);
            if (settlements.Count == 0)
            {
                _settlements.Remove(tx.BatchId);
            }
        }

        _feesBurned = checked(_feesBurned - tx.Fee.Amount);
        Credit(tx.Payer, NativeAsset, tx.Fee.Amount);
        _included.Remove(tx.Id);
        _slotUsedBy.Remove(tx.Slot);
    }

    private ChainTransactionId? FirstSettlement(SettlementBatchId batchId) =>
        _settlements.TryGetValue(batchId, out var settlements) ? settlements[0] : null;

    private bool IsSettled(SettlementBatchId batchId) => _settlements.ContainsKey(batchId);

    private Int128 Balance(SettlementAccount account, Asset asset) => _balances.TryGetValue((account, asset), out var amount) ? amount : 0;

    private Int128 Issued(Asset asset) => _issued.TryGetValue(asset, out var amount) ? amount : 0;

    private void Credit(SettlementAccount account, Asset asset, Int128 delta)
    {
        var key = (account, asset);
        var balance = checked(Balance(account, asset) + delta);
        if (balance == 0)
        {
            _balances.Remove(key);
        }
        else
        {
            _balances[key] = balance;
        }
    }

    private void CheckAccount(SettlementAccount account)
    {
        if (account.ChainId != ChainId)
        {
            throw new ArgumentException($"The account {account} is not on chain {ChainId}.", nameof(account));
        }
    }

    private void CheckAsset(Asset asset)
    {
        if (Rules.FindAsset(asset.Id) != asset)
        {
            throw new ArgumentException($"The chain {ChainId} does not carry the asset {asset}.", nameof(asset));
        }
    }

    private sealed record MempoolEntry(SimulatedTransaction Transaction, long Arrival);

    private sealed record IncludedEntry(SimulatedTransaction Transaction, long Height, bool Refused, long Arrival);

    private sealed record BlockEntry(SimulatedBlock Block, List<IncludedEntry> Transactions);
}
