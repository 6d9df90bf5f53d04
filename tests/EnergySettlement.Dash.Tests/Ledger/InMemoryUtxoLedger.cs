using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Tests.Ledger;

/// <summary>
/// A Bitcoin-family ledger in memory that really applies what is broadcast: it checks every input (the coin exists and
/// is unspent; the P2PKH unlocking script's key hashes to the coin's address; the DER signature is strict, low-S,
/// SIGHASH_ALL and verifies over the legacy signature hash), the values (inputs cover outputs), the relay-fee floor,
/// dust, the one-OP_RETURN rule and the standard size, then spends the inputs and creates the outputs in its mempool.
/// Tests mine blocks, InstantSend-lock and ChainLock transactions, evict them from the mempool and double-spend coins.
/// </summary>
internal sealed class InMemoryUtxoLedger : IUtxoBackend
{
    private readonly object _gate = new();
    private readonly UtxoNetwork _network;
    private readonly Dictionary<OutPoint, Coin> _unspent = [];
    private readonly Dictionary<OutPoint, ChainTransactionId> _spentBy = [];
    private readonly Dictionary<ChainTransactionId, Entry> _transactions = [];
    private readonly List<string> _blockHashes = [];
    private long _chainLockedHeight = -1;
    private int _funding;

    public InMemoryUtxoLedger(UtxoNetwork network)
    {
        _network = network;
        _blockHashes.Add(BlockHash(0));
    }

    public string Name => "in-memory";

    /// <summary>Gets or sets what <see cref="EstimateFeeRateAsync"/> answers.</summary>
    public long? FeeEstimate { get; set; }

    /// <summary>Gets or sets whether every call fails as an unreachable node does.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Gets or sets whether <see cref="GetSpendAsync"/> names the spending transaction; Dash Core's
    /// <c>gettxout</c> cannot, so <see langword="false"/> answers only spent or not.</summary>
    public bool NamesSpenders { get; set; } = true;

    public int Broadcasts { get; private set; }

    public int UnspentQueries { get; private set; }

    public long Height => _blockHashes.Count - 1;

    /// <summary>Creates a coin of <paramref name="value"/> for <paramref name="address"/> in a new funding transaction,
    /// mined at once (with <paramref name="confirmations"/> 0 it stays in the mempool).</summary>
    public OutPoint Fund(UtxoAddress address, long value, int confirmations = 1)
    {
        lock (_gate)
        {
            // A coinbase-like transaction: an input no one can spend again, unique per call.
            var marker = new byte[32];
            BitConverter.TryWriteBytes(marker, ++_funding);
            var transaction = new UtxoTransaction(
                [new TransactionInput(TransactionHash.FromBytes(marker), uint.MaxValue, new byte[] { 0x51 })],
                [TransactionOutput.Pay(address, value)]);
            Accept(transaction);
            if (confirmations > 0)
            {
                MineLocked(confirmations);
            }

            return new OutPoint(transaction.Hash.ToChainTransactionId(), 0);
        }
    }

    /// <summary>Includes every mempool transaction in the next block, then adds empty blocks up to <paramref name="blocks"/>.</summary>
    public void Mine(int blocks = 1)
    {
        lock (_gate)
        {
            MineLocked(blocks);
        }
    }

    /// <summary>Marks a transaction as InstantSend-locked (a masternode quorum signed it).</summary>
    public void InstantLock(ChainTransactionId id)
    {
        lock (_gate)
        {
            _transactions[id].InstantLocked = true;
        }
    }

    /// <summary>ChainLocks the current tip (and so every block below it).</summary>
    public void ChainLockTip()
    {
        lock (_gate)
        {
            _chainLockedHeight = Height;
        }
    }

    /// <summary>Drops a mempool transaction (and what spends its outputs), as an evicting or restarted node does: its
    /// inputs become unspent again. With <paramref name="evenIfMined"/>, also a mined one, as a reorganisation would.</summary>
    public void Evict(ChainTransactionId id, bool evenIfMined = false)
    {
        lock (_gate)
        {
            var entry = _transactions[id];
            if (entry.Height is not null && !evenIfMined)
            {
                throw new InvalidOperationException($"{id} is in a block.");
            }

            for (uint i = 0; i < entry.Transaction.Outputs.Count; i++)
            {
                var created = new OutPoint(id, i);
                if (_spentBy.TryGetValue(created, out var child))
                {
                    Evict(child, evenIfMined);
                }

                _unspent.Remove(created);
            }

            foreach (var input in entry.Transaction.Inputs)
            {
                var outPoint = input.ToOutPoint();
                _spentBy.Remove(outPoint);
                if (_transactions.TryGetValue(outPoint.TransactionId, out var parent))
                {
                    var output = parent.Transaction.Outputs[(int)outPoint.Index];
                    _unspent[outPoint] = new Coin(output.Value, output.ScriptPubKey.ToArray(), outPoint.TransactionId);
                }
            }

            _transactions.Remove(id);
        }
    }

    /// <summary>Spends <paramref name="coin"/> with a transaction of someone else's making (evicting whatever spent it in
    /// the mempool), as a double-spend does; returns its id.</summary>
    public ChainTransactionId DoubleSpend(OutPoint coin, UtxoAddress to, bool mine)
    {
        lock (_gate)
        {
            if (_spentBy.TryGetValue(coin, out var spender))
            {
                Evict(spender);
            }

            var value = _unspent[coin].Value;
            var transaction = new UtxoTransaction(
                [new TransactionInput(TransactionHash.FromChainTransactionId(coin.TransactionId), coin.Index, new byte[] { 0x51, 0x52 })],
                [TransactionOutput.Pay(to, value - 1000)]);
            _unspent.Remove(coin);
            Accept(transaction, spends: [coin]);
            if (mine)
            {
                MineLocked(1);
            }

            return transaction.Hash.ToChainTransactionId();
        }
    }

    public bool IsUnspent(OutPoint coin)
    {
        lock (_gate)
        {
            return _unspent.ContainsKey(coin);
        }
    }

    /// <summary>Reads a prepared transaction's bytes (whether or not the ledger has seen it).</summary>
    public UtxoTransaction TransactionOf(PreparedTransaction prepared) => UtxoTransaction.Parse(prepared.RawTransaction.Span, _network.HasSpecialTransactions);

    public UtxoTransaction Transaction(ChainTransactionId id)
    {
        lock (_gate)
        {
            return _transactions[id].Transaction;
        }
    }

    public long BalanceOf(UtxoAddress address)
    {
        var script = address.GetScriptPubKey();
        lock (_gate)
        {
            return _unspent.Values.Where(c => c.Script.AsSpan().SequenceEqual(script)).Sum(c => c.Value);
        }
    }

    public Task<IReadOnlyList<UnspentOutput>> GetUnspentOutputsAsync(string address, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            UnspentQueries++;
            var script = UtxoAddress.Parse(address, _network).GetScriptPubKey();
            IReadOnlyList<UnspentOutput> coins = _unspent
                .Where(c => c.Value.Script.AsSpan().SequenceEqual(script))
                .Select(c => new UnspentOutput
                {
                    OutPoint = c.Key,
                    Address = address,
                    Value = c.Value.Value,
                    ScriptPubKey = c.Value.Script,
                    Height = _transactions[c.Value.CreatedBy].Height,
                    Confirmations = Confirmations(_transactions[c.Value.CreatedBy]),
                })
                .ToArray();
            return Task.FromResult(coins);
        }
    }

    public Task<SubmissionResult> BroadcastAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            Broadcasts++;
            var transaction = UtxoTransaction.Parse(rawTransaction.Span, _network.HasSpecialTransactions);
            var id = transaction.Hash.ToChainTransactionId();
            if (_transactions.ContainsKey(id))
            {
                return Task.FromResult(SubmissionResult.AlreadyKnown);
            }

            var spends = Validate(transaction);
            foreach (var outPoint in spends)
            {
                _unspent.Remove(outPoint);
            }

            Accept(transaction, spends);
            return Task.FromResult(SubmissionResult.Accepted);
        }
    }

    public Task<UtxoTransactionStatus> GetTransactionStatusAsync(ChainTransactionId transactionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            if (!_transactions.TryGetValue(transactionId, out var entry))
            {
                return Task.FromResult(UtxoTransactionStatus.Unknown);
            }

            return Task.FromResult(new UtxoTransactionStatus
            {
                IsKnown = true,
                Confirmations = Confirmations(entry),
                BlockHeight = entry.Height,
                BlockHash = entry.Height is long height ? _blockHashes[(int)height] : null,
                IsInstantLocked = entry.InstantLocked,
                IsChainLocked = entry.Height is long h && h <= _chainLockedHeight,
            });
        }
    }

    public Task<OutputSpend> GetSpendAsync(OutPoint outPoint, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            return Task.FromResult(_spentBy.TryGetValue(outPoint, out var spender)
                ? new OutputSpend { IsSpent = true, SpentBy = NamesSpenders ? spender : null }
                : new OutputSpend { IsSpent = false });
        }
    }

    public Task<long?> EstimateFeeRateAsync(int targetBlocks, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            return Task.FromResult(FeeEstimate);
        }
    }

    public Task<long> GetBlockHeightAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            return Task.FromResult(Height);
        }
    }

    private static string BlockHash(long height) => Hex.Encode(Sha256d.Hash(BitConverter.GetBytes(height)));

    private static TransactionRejectedException Reject(string code, string message) =>
        new(DashNetworks.Regtest.ChainId, code, message);

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new ChainUnavailableException(_network.ChainId, "The in-memory node is unreachable (test fault).");
        }
    }

    private int Confirmations(Entry entry) => entry.Height is long height ? (int)(Height - height + 1) : 0;

    private void MineLocked(int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            _blockHashes.Add(BlockHash(_blockHashes.Count));
            foreach (var entry in _transactions.Values.Where(e => e.Height is null))
            {
                entry.Height = Height;
            }
        }
    }

    private void Accept(UtxoTransaction transaction, IReadOnlyList<OutPoint>? spends = null)
    {
        var id = transaction.Hash.ToChainTransactionId();
        foreach (var outPoint in spends ?? [])
        {
            _spentBy[outPoint] = id;
        }

        for (int i = 0; i < transaction.Outputs.Count; i++)
        {
            var output = transaction.Outputs[i];
            if (!output.IsNullData)
            {
                _unspent[new OutPoint(id, (uint)i)] = new Coin(output.Value, output.ScriptPubKey.ToArray(), id);
            }
        }

        _transactions[id] = new Entry(transaction);
    }

    /// <summary>The checks a relaying Dash Core node makes that this SDK's transactions meet; returns the spent outpoints.</summary>
    private List<OutPoint> Validate(UtxoTransaction transaction)
    {
        if (transaction.Size >= _network.MaxStandardTransactionSize)
        {
            throw Reject("tx-size", $"{transaction.Size} bytes");
        }

        var spends = new List<OutPoint>();
        long inputs = 0;
        for (int i = 0; i < transaction.Inputs.Count; i++)
        {
            var outPoint = transaction.Inputs[i].ToOutPoint();
            if (spends.Contains(outPoint))
            {
                throw Reject("bad-txns-inputs-duplicate", outPoint.ToString());
            }

            if (!_unspent.TryGetValue(outPoint, out var coin))
            {
                throw _spentBy.ContainsKey(outPoint)
                    ? Reject("txn-mempool-conflict", $"{outPoint} is spent by {_spentBy[outPoint]}")
                    : Reject("bad-txns-inputs-missingorspent", outPoint.ToString());
            }

            VerifyP2pkh(transaction, i, coin.Script);
            spends.Add(outPoint);
            inputs += coin.Value;
        }

        long outputs = transaction.TotalOutputValue;
        if (outputs > inputs)
        {
            throw Reject("bad-txns-in-belowout", $"{inputs} < {outputs}");
        }

        long fee = inputs - outputs;
        long floor = _network.MinRelayFee.PerKilobyte * transaction.Size / 1000; // Dash Core truncates
        if (fee < floor)
        {
            throw Reject("min relay fee not met", string.Create(CultureInfo.InvariantCulture, $"{fee} < {floor}"));
        }

        int dataOutputs = 0;
        foreach (var output in transaction.Outputs)
        {
            if (output.IsNullData)
            {
                dataOutputs++;
                if (output.ScriptPubKey.Length > _network.MaxDataCarrierBytes + 3)
                {
                    throw Reject("scriptpubkey", "OP_RETURN too large");
                }
            }
            else if (output.Value < _network.GetDustThreshold(output.ScriptPubKey.Length))
            {
                throw Reject("dust", output.ToString());
            }
        }

        if (dataOutputs > 1)
        {
            throw Reject("multi-op-return", dataOutputs.ToString(CultureInfo.InvariantCulture));
        }

        return spends;
    }

    private static void VerifyP2pkh(UtxoTransaction transaction, int index, byte[] script)
    {
        if (script.Length != 25 || script[0] != 0x76 || script[1] != 0xA9 || script[23] != 0x88 || script[24] != 0xAC)
        {
            throw Reject("non-mandatory-script-verify-flag", "the in-memory ledger only spends P2PKH coins");
        }

        var scriptSig = transaction.Inputs[index].ScriptSig.Span;
        if (scriptSig.Length < 2 || scriptSig[0] > 75 || scriptSig.Length < 1 + scriptSig[0] + 1)
        {
            throw Reject("mandatory-script-verify-flag-failed", "malformed unlocking script");
        }

        var signature = scriptSig.Slice(1, scriptSig[0]);
        var rest = scriptSig[(1 + scriptSig[0])..];
        if (rest[0] != rest.Length - 1)
        {
            throw Reject("mandatory-script-verify-flag-failed", "malformed public key push");
        }

        var publicKey = rest[1..];
        if (!Hash160.Hash(publicKey).AsSpan().SequenceEqual(script.AsSpan(3, 20)))
        {
            throw Reject("mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)", $"input {index}");
        }

        if (signature[^1] != 0x01 || !EcdsaSignature.TryFromDer(signature[..^1], out var ecdsa) || !ecdsa.IsLowS)
        {
            throw Reject("non-mandatory-script-verify-flag (Non-canonical signature)", $"input {index}");
        }

        var digest = new byte[32];
        transaction.WriteSignatureHash(index, script, 1, digest);
        if (!Secp256k1PublicKey.TryParse(publicKey, out var key) || !key.Verify(digest, ecdsa))
        {
            throw Reject("mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)", $"input {index}");
        }
    }

    private sealed record Coin(long Value, byte[] Script, ChainTransactionId CreatedBy);

    private sealed class Entry(UtxoTransaction transaction)
    {
        public UtxoTransaction Transaction { get; } = transaction;

        public long? Height { get; set; }

        public bool InstantLocked { get; set; }
    }
}
