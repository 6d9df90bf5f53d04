using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Sequencing;

namespace EnergySettlement.CrashHarness;

/// <summary>
/// A real Anvil node that the driver started, with the BatchSettlementV2 contract and an ERC-20 "EURC" (6 decimals)
/// deployed, every party's account funded with ether and tokens and the contract approved. The child gets them from the
/// environment: <c>ES_ANVIL_RPC</c>, <c>ES_ANVIL_CONTRACT</c>, <c>ES_ANVIL_TOKEN</c> and <c>ES_ANVIL_KEYS</c> (the
/// parties' private keys, hex, comma-separated, in party order). Nonces and signed bytes live in the SQLite journal.
/// </summary>
internal sealed class AnvilHarnessChain : IHarnessChain
{
    private const ulong AnvilChainId = 31337;

    // Worked out here from the contract's source rather than taken from the provider, so the check does not lean on what it checks.
    private static readonly string BatchSettledTopic = Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes("BatchSettled(address,bytes32,uint256,bytes32)")), withPrefix: true);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri _rpc;
    private readonly EthereumAddress _contract;
    private readonly EthereumAddress _tokenAddress;
    private readonly ISequencedTransactionStore _store;
    private readonly Dictionary<ParticipantId, LocalKeySigner> _signers = [];
    private readonly EthereumSettlementProvider _provider;
    private Dictionary<string, int>? _settled;
    private long _nextId;

    public AnvilHarnessChain(IReadOnlyList<ParticipantId> parties, ISequencedTransactionStore store)
    {
        _rpc = new Uri(Variable("ES_ANVIL_RPC"));
        _contract = EthereumAddress.Parse(Variable("ES_ANVIL_CONTRACT"));
        _tokenAddress = EthereumAddress.Parse(Variable("ES_ANVIL_TOKEN"));
        _store = store;
        var keys = Variable("ES_ANVIL_KEYS").Split(',');
        if (keys.Length != parties.Count)
        {
            throw new InvalidOperationException($"ES_ANVIL_KEYS holds {keys.Length} keys for {parties.Count} parties.");
        }

        var options = new EthereumOptions
        {
            RpcUrl = _rpc,
            ChainId = AnvilChainId,
            ContractAddress = _contract.ToString(),
            Confirmations = 1,
            BlockTime = TimeSpan.FromSeconds(1),
            MaxRetryAttempts = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(5),
            MaxPayoutsPerTransaction = 3,
        };
        options.Tokens.Add(new EthereumTokenOptions { Address = _tokenAddress.ToString(), Symbol = "EURC", Decimals = 6 });
        for (var i = 0; i < parties.Count; i++)
        {
            var signer = new LocalKeySigner(Secp256k1PrivateKey.FromBytes(Hex.Decode(keys[i])));
            _signers.Add(parties[i], signer);
            options.Signers.Add(signer);
        }

        _provider = new EthereumSettlementProvider(options, store, _http);
        Token = _provider.Capabilities.Assets.Single(a => a.Symbol == "EURC");
    }

    public ChainSettlementProvider Provider => _provider;

    public Asset Token { get; }

    public SettlementAccount AccountOf(ParticipantId party) => SettlementAccount.Create(_provider.ChainId, _signers[party].Address.ToString());

    public async Task<ulong> MineAsync()
    {
        _settled = null;
        await RpcAsync("anvil_mine", "0x1");
        return await QuantityAsync("eth_blockNumber");
    }

    public async Task<Int128> TokenBalanceAsync(ParticipantId party) => (await _provider.GetBalanceAsync(AccountOf(party), Token)).Amount;

    public async Task<int> SettlementCountAsync(SettlementBatchId batch)
    {
        // One eth_getLogs for every batch of a verification (nothing is sent or mined while it runs); VerifyChainAsync and MineAsync drop it.
        if (_settled is null)
        {
            _settled = [];
            foreach (var log in (await LogsAsync(new JsonArray(BatchSettledTopic))).EnumerateArray())
            {
                var key = log.GetProperty("topics")[2].GetString()!;
                _settled[key] = _settled.GetValueOrDefault(key) + 1;
            }
        }

        return _settled.GetValueOrDefault(Hex.Encode(Keccak256.Hash(Encoding.UTF8.GetBytes(batch.Value)), withPrefix: true));
    }

    /// <summary>
    /// Every BatchSettled event of the contract is a planned batch's (nothing paid outside the plans); every party's
    /// account has nothing pending (pending count = mined count), nothing outstanding in the journal's nonce store and no
    /// reserved nonce above the chain's count (no gap that would hold later transactions back).
    /// </summary>
    public async Task VerifyChainAsync(int plannedBatches)
    {
        _settled = null;
        var all = (await LogsAsync(new JsonArray(BatchSettledTopic))).GetArrayLength();
        if (all != plannedBatches)
        {
            throw new HarnessCheckException($"the contract logged {all} settlements for {plannedBatches} planned batches");
        }

        foreach (var (party, signer) in _signers)
        {
            var address = signer.Address.ToString();
            var latest = await QuantityAsync("eth_getTransactionCount", address, "latest");
            var pending = await QuantityAsync("eth_getTransactionCount", address, "pending");
            var state = await _store.LoadAsync(AccountOf(party));
            if (pending != latest || state.NextSequence > latest || state.Outstanding.Count > 0)
            {
                throw new HarnessCheckException(string.Create(CultureInfo.InvariantCulture,
                    $"{party}'s nonces: {latest} mined, {pending} pending, the journal's next is {state.NextSequence} with {state.Outstanding.Count} outstanding"));
            }
        }
    }

    public void Dispose()
    {
        _provider.Dispose();
        foreach (var signer in _signers.Values)
        {
            signer.Dispose();
        }

        _http.Dispose();
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"The Anvil mode needs {name}.");

    private async Task<JsonElement> LogsAsync(JsonArray topics)
    {
        var filter = new JsonObject { ["address"] = _contract.ToString(), ["fromBlock"] = "0x0", ["toBlock"] = "latest", ["topics"] = topics };
        return await RpcAsync("eth_getLogs", filter);
    }

    private async Task<ulong> QuantityAsync(string method, params JsonNode?[] parameters) =>
        ulong.Parse((await RpcAsync(method, parameters)).GetString()![2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private async Task<JsonElement> RpcAsync(string method, params JsonNode?[] parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = ++_nextId, ["method"] = method, ["params"] = new JsonArray(parameters) };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_rpc, content);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("error", out var error)
            ? throw new InvalidOperationException($"Anvil {method} failed: {error.GetRawText()}")
            : document.RootElement.GetProperty("result").Clone();
    }
}
