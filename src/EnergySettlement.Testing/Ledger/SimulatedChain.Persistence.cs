using System.Globalization;
using System.Text.Json;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>Saving and loading a <see cref="SimulatedChain"/>'s whole state, so a test can kill the process that runs it
/// and start again from the file.</summary>
public sealed partial class SimulatedChain
{
    private const int FileVersion = 1;
    private string? _persistPath;

    /// <summary>Gets the file the chain saves itself to after every change, or <see langword="null"/> when it does not.</summary>
    public string? PersistencePath
    {
        get
        {
            lock (SyncRoot)
            {
                return _persistPath;
            }
        }
    }

    /// <summary>
    /// Opens a chain kept in a file: loads it when the file exists (the options then come from the file), creates it with
    /// <paramref name="options"/> otherwise, and from then on saves the whole state after every change — funding, a
    /// submission (whether accepted, refused or faulted), a block, a reorg, a drop, a planned fault — before the call
    /// returns, crash-safe (see <see cref="Save"/>). A process killed at any point leaves the chain as of its last answer,
    /// as a node that restarts.
    /// </summary>
    /// <param name="path">The file; its directory must exist.</param>
    /// <param name="options">The options for a new chain; ignored when the file exists.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The chain.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidDataException">The file is not a simulated chain this version can read.</exception>
    public static SimulatedChain OpenFile(string path, SimulatedChainOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var chain = File.Exists(path) ? Load(path, timeProvider) : new SimulatedChain(options, timeProvider);
        lock (chain.SyncRoot)
        {
            chain._persistPath = path;
            chain.WriteFile(path);
        }

        return chain;
    }

    /// <summary>
    /// Loads a chain saved with <see cref="Save"/> or kept by <see cref="OpenFile"/>: options, blocks, balances, mempool,
    /// every transaction the node has seen, and the planned faults. The loaded chain does not save itself.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The chain.</returns>
    /// <exception cref="InvalidDataException">The file is not a simulated chain this version can read.</exception>
    public static SimulatedChain Load(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        try
        {
            if (root.GetProperty("version").GetInt32() != FileVersion)
            {
                throw new InvalidDataException($"'{path}' is simulated chain file version {root.GetProperty("version").GetInt32()}; this version reads {FileVersion}.");
            }

            var chain = new SimulatedChain(ReadOptions(root.GetProperty("options")), timeProvider);
            lock (chain.SyncRoot)
            {
                chain.ReadState(root);
            }

            return chain;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException or JsonException)
        {
            throw new InvalidDataException($"'{path}' is not a readable simulated chain file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Saves the whole state to a file, crash-safe: written to <c>path.tmp</c>, flushed to disk, then renamed over
    /// <paramref name="path"/>, so the file is always either the previous state or this one.
    /// </summary>
    /// <param name="path">The file; its directory must exist.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (SyncRoot)
        {
            WriteFile(path);
        }
    }

    /// <summary>Saves to <see cref="PersistencePath"/> after a change, when set. Caller holds the lock.</summary>
    internal void Changed()
    {
        if (_persistPath is { } path)
        {
            WriteFile(path);
        }
    }

    private static SimulatedChainOptions ReadOptions(JsonElement o)
    {
        var options = new SimulatedChainOptions
        {
            ChainId = ChainId.Parse(o.GetProperty("chainId").GetString()!),
            NativeSymbol = o.GetProperty("nativeSymbol").GetString()!,
            NativeDecimals = o.GetProperty("nativeDecimals").GetInt32(),
            ConfirmationsForFinality = o.GetProperty("confirmationsForFinality").GetInt32(),
            BaseFee = o.GetProperty("baseFee").GetInt64(),
            FeePerPayout = o.GetProperty("feePerPayout").GetInt64(),
            MaxPayoutsPerTransaction = o.GetProperty("maxPayoutsPerTransaction").GetInt32(),
            MaxMemoBytes = o.GetProperty("maxMemoBytes").GetInt32(),
            EnforceUniqueBatchIds = o.GetProperty("enforceUniqueBatchIds").GetBoolean(),
            BlockInterval = TimeSpan.FromTicks(o.GetProperty("blockIntervalTicks").GetInt64()),
        };
        foreach (var token in o.GetProperty("tokens").EnumerateObject())
        {
            options.Tokens[token.Name] = token.Value.GetInt32();
        }

        return options;
    }

    private void WriteFile(string path)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 65536, FileOptions.None))
        {
            using (var w = new Utf8JsonWriter(file))
            {
                WriteState(w);
            }

            // On disk before the rename makes it the chain's state.
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void WriteState(Utf8JsonWriter w)
    {
        var rules = Rules.ToOptions();
        w.WriteStartObject();
        w.WriteNumber("version", FileVersion);
        w.WriteStartObject("options");
        w.WriteString("chainId", rules.ChainId.ToString());
        w.WriteString("nativeSymbol", rules.NativeSymbol);
        w.WriteNumber("nativeDecimals", rules.NativeDecimals);
        w.WriteNumber("confirmationsForFinality", rules.ConfirmationsForFinality);
        w.WriteNumber("baseFee", rules.BaseFee);
        w.WriteNumber("feePerPayout", rules.FeePerPayout);
        w.WriteNumber("maxPayoutsPerTransaction", rules.MaxPayoutsPerTransaction);
        w.WriteNumber("maxMemoBytes", rules.MaxMemoBytes);
        w.WriteBoolean("enforceUniqueBatchIds", rules.EnforceUniqueBatchIds);
        w.WriteNumber("blockIntervalTicks", rules.BlockInterval.Ticks);
        w.WriteStartObject("tokens");
        foreach (var (symbol, decimals) in rules.Tokens)
        {
            w.WriteNumber(symbol, decimals);
        }

        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("blocks");
        foreach (var entry in _blocks)
        {
            w.WriteStartObject();
            w.WriteString("hash", entry.Block.Hash);
            w.WriteString("parent", entry.Block.ParentHash);
            w.WriteNumber("time", entry.Block.Timestamp.UtcTicks);
            w.WriteStartArray("transactions");
            foreach (var included in entry.Transactions)
            {
                w.WriteStartObject();
                w.WriteString("id", included.Transaction.Id.Value);
                w.WriteBoolean("refused", included.Refused);
                w.WriteNumber("arrival", included.Arrival);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("seen");
        foreach (var tx in _seen.Values)
        {
            w.WriteBase64StringValue(tx.Raw);
        }

        w.WriteEndArray();
        w.WriteStartArray("mempool");
        foreach (var entry in _mempool.Values.OrderBy(e => e.Arrival))
        {
            w.WriteStartObject();
            w.WriteString("id", entry.Transaction.Id.Value);
            w.WriteNumber("arrival", entry.Arrival);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("balances");
        foreach (var ((account, asset), amount) in _balances)
        {
            w.WriteStartObject();
            w.WriteString("account", account.Address);
            w.WriteString("asset", asset.Id.ToString());
            w.WriteString("amount", amount.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("issued");
        foreach (var (asset, amount) in _issued)
        {
            w.WriteStartObject();
            w.WriteString("asset", asset.Id.ToString());
            w.WriteString("amount", amount.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("replacedBy");
        foreach (var (replaced, by) in _replacedBy)
        {
            w.WriteStartObject();
            w.WriteString("id", replaced.Value);
            w.WriteString("by", by.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("feesBurned", _feesBurned.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("arrivals", _arrivals);
        w.WriteNumber("blocksProduced", _blocksProduced);
        Faults.WriteState(w);
        w.WriteEndObject();
    }

    private void ReadState(JsonElement root)
    {
        foreach (var raw in root.GetProperty("seen").EnumerateArray())
        {
            var bytes = raw.GetBytesFromBase64();
            var tx = TransactionCodec.TryDecode(Rules, bytes, out var reason) ?? throw new FormatException($"a seen transaction does not decode: {reason}");
            _seen[tx.Id] = tx;
        }

        SimulatedTransaction Seen(string id) =>
            _seen.TryGetValue(new ChainTransactionId(id), out var tx) ? tx : throw new FormatException($"transaction {id} is referenced but not among the seen ones");

        _blocks.Clear();
        var height = 0L;
        foreach (var block in root.GetProperty("blocks").EnumerateArray())
        {
            var included = new List<IncludedEntry>();
            foreach (var t in block.GetProperty("transactions").EnumerateArray())
            {
                included.Add(new IncludedEntry(Seen(t.GetProperty("id").GetString()!), height, t.GetProperty("refused").GetBoolean(), t.GetProperty("arrival").GetInt64()));
            }

            var header = new SimulatedBlock
            {
                Height = height,
                Hash = block.GetProperty("hash").GetString()!,
                ParentHash = block.GetProperty("parent").GetString()!,
                Timestamp = new DateTimeOffset(block.GetProperty("time").GetInt64(), TimeSpan.Zero),
                TransactionIds = included.Select(i => i.Transaction.Id).ToArray(),
            };
            _blocks.Add(new BlockEntry(header, included));

            // Rebuild the indexes a block's transactions imply; balances are restored as saved, not replayed.
            foreach (var entry in included)
            {
                var tx = entry.Transaction;
                _included[tx.Id] = entry;
                _slotUsedBy[tx.Slot] = tx.Id;
                if (!entry.Refused)
                {
                    if (!_settlements.TryGetValue(tx.BatchId, out var settlements))
                    {
                        settlements = [];
                        _settlements.Add(tx.BatchId, settlements);
                    }

                    settlements.Add(tx.Id);
                }
            }

            height++;
        }

        foreach (var entry in root.GetProperty("mempool").EnumerateArray())
        {
            var tx = Seen(entry.GetProperty("id").GetString()!);
            _mempool[tx.Slot] = new MempoolEntry(tx, entry.GetProperty("arrival").GetInt64());
        }

        foreach (var balance in root.GetProperty("balances").EnumerateArray())
        {
            var asset = Rules.FindAsset(AssetId.Parse(balance.GetProperty("asset").GetString()!)) ?? throw new FormatException("a balance is in an asset the chain does not carry");
            _balances[(SettlementAccount.Create(ChainId, balance.GetProperty("account").GetString()!), asset)] = Int128.Parse(balance.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture);
        }

        foreach (var issued in root.GetProperty("issued").EnumerateArray())
        {
            var asset = Rules.FindAsset(AssetId.Parse(issued.GetProperty("asset").GetString()!)) ?? throw new FormatException("an issue is in an asset the chain does not carry");
            _issued[asset] = Int128.Parse(issued.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture);
        }

        foreach (var replaced in root.GetProperty("replacedBy").EnumerateArray())
        {
            _replacedBy[new ChainTransactionId(replaced.GetProperty("id").GetString()!)] = new ChainTransactionId(replaced.GetProperty("by").GetString()!);
        }

        _feesBurned = Int128.Parse(root.GetProperty("feesBurned").GetString()!, CultureInfo.InvariantCulture);
        _arrivals = root.GetProperty("arrivals").GetInt64();
        _blocksProduced = root.GetProperty("blocksProduced").GetInt64();
        Faults.ReadState(root.GetProperty("faults"));
    }
}
