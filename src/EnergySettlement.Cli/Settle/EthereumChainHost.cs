using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Cli.Input;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// The config's <c>"kind": "ethereum"</c> chain: an existing node, paid through the SDK's <see cref="EthereumSettlementProvider"/>
/// and the deployed <c>BatchSettlementV2</c>, each participant paying from its own account with its own key (from
/// <c>ENERGY_SETTLE_KEY_&lt;PARTICIPANT&gt;</c> or the config's key file, see <see cref="DemoKeys"/>; never the command line
/// or the config). Nonces and signed bytes are recorded in the given store — the settlement journal — before anything is sent.
/// </summary>
/// <remarks>Opening checks the node against the config: its chain id, the token's symbol and decimals, the contract's version,
/// and that each key belongs to its participant's account. Token batches are paid with <c>transferFrom</c>, so before paying
/// <see cref="PrepareToPayAsync"/> lets each payer allow the contract what its unfinished batches pay, when its allowance is
/// short.</remarks>
internal sealed class EthereumChainHost : ISettlementChainHost
{
    private static readonly byte[] AllowanceSelector = Keccak256.Hash("allowance(address,address)"u8).AsSpan(0, 4).ToArray();
    private readonly EthereumChainSettings _settings;
    private readonly HttpClient _http;
    private readonly DemoJsonRpc _rpc;
    private readonly List<LocalKeySigner> _signers;

    private EthereumChainHost(EthereumChainSettings settings, HttpClient http, List<LocalKeySigner> signers, EthereumSettlementProvider provider)
    {
        _settings = settings;
        _http = http;
        _rpc = new DemoJsonRpc(http, settings.RpcUrl);
        _signers = signers;
        Provider = provider;
        Registry = new ChainProviderRegistry([provider]);
    }

    /// <summary>Gets the provider.</summary>
    public EthereumSettlementProvider Provider { get; }

    /// <inheritdoc/>
    public ChainProviderRegistry Registry { get; }

    /// <inheritdoc/>
    public ChainId ChainId => Provider.ChainId;

    /// <inheritdoc/>
    public int Confirmations => _settings.Confirmations;

    /// <summary>Opens the node a config names and checks it against the config.</summary>
    /// <param name="config">The config; its chain must be of kind <c>ethereum</c>.</param>
    /// <param name="store">Where nonces and signed bytes are recorded (the settlement journal; in memory for a rehearsal,
    /// which signs nothing).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The host; dispose it.</returns>
    /// <exception cref="CliException">A key is missing, malformed or of another account (exit code 3); the node answers for
    /// another chain, token or contract than the config says (exit code 3); the node cannot be reached (exit code 4).</exception>
    public static async Task<EthereumChainHost> OpenAsync(SettlementConfig config, ISequencedTransactionStore store, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var settings = config.Ethereum ?? throw new ArgumentException($"The config's chain is not an Ethereum node: {config.ChainId}.", nameof(config));
        var signers = LoadSigners(config, settings);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        EthereumChainHost? host = null;
        try
        {
            var options = new EthereumOptions
            {
                RpcUrl = settings.RpcUrl,
                ChainId = settings.EvmChainId,
                NativeSymbol = settings.NativeSymbol,
                ContractAddress = settings.Contract.ToString(),
                ContractVersion = BatchSettlementVersion.V2,
                Confirmations = settings.Confirmations,
                BlockTime = settings.BlockTime,
            };
            if (settings.Token is { } token)
            {
                options.Tokens.Add(new EthereumTokenOptions { Address = token.Address.ToString(), Symbol = token.Symbol, Decimals = token.Decimals });
            }

            foreach (var signer in signers)
            {
                options.Signers.Add(signer);
            }

            host = new EthereumChainHost(settings, http, signers, new EthereumSettlementProvider(options, store, http, TimeProvider.System, loggerFactory));
            await host.CheckNodeAsync(config, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                foreach (var signer in signers)
                {
                    signer.Dispose();
                }

                http.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>For each payer of token batches not signed yet (planned, blocked, or dead and to be signed again) whose
    /// allowance for the contract is below what those batches pay: an ERC-20 <c>approve</c> of what all its unfinished token
    /// batches pay (signed ones included, in case they are not mined yet), sequenced and recorded like a batch — its id names
    /// the payer and the sum, so a run interrupted here sends the same transaction again — and waits for it to be mined.
    /// Batches signed before were covered by the approval made before they were signed.</remarks>
    public async Task PrepareToPayAsync(IReadOnlyList<BatchHistory> batches, TextWriter output, CancellationToken cancellationToken)
    {
        var unsigned = new Dictionary<SettlementAccount, Money>();
        var unfinished = new Dictionary<SettlementAccount, Money>();
        foreach (var batch in batches.Where(b => b.State != BatchState.Final && b.Batch.Asset != Provider.Capabilities.NativeAsset))
        {
            Add(unfinished, batch.Batch);
            if (batch.State is BatchState.Planned or BatchState.Blocked or BatchState.Dead)
            {
                Add(unsigned, batch.Batch);
            }
        }

        foreach (var (payer, needed) in unsigned.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal))
        {
            var allowance = await AllowanceAsync(_settings.Token!.Address, EthereumAddress.Parse(payer.Address), cancellationToken).ConfigureAwait(false);
            if (allowance >= (BigInteger)needed.Amount)
            {
                continue;
            }

            var total = unfinished[payer];
            var id = new SettlementBatchId(string.Create(CultureInfo.InvariantCulture, $"approve-{payer.Address}-{total.Amount}"));
            var approval = await Provider.PrepareApprovalAsync(id, total, payer, cancellationToken).ConfigureAwait(false);
            await Provider.SubmitAsync(approval, cancellationToken).ConfigureAwait(false);
            await _rpc.ReceiptAsync(approval.TransactionId.Value, (3 * _settings.BlockTime) + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"approve {payer} allows the batch contract {total} (tx {approval.TransactionId})").ConfigureAwait(false);
        }

        static void Add(Dictionary<SettlementAccount, Money> sums, SettlementBatch batch) =>
            sums[batch.Payer] = sums.TryGetValue(batch.Payer, out var sum) ? sum + batch.Total : batch.Total;
    }

    /// <inheritdoc/>
    /// <remarks>Waits until the node reports a new block, at most three block times; a node that does not answer ends the wait
    /// (the next settlement pass finds out and defers the chain's batches).</remarks>
    public async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        var bound = 3 * _settings.BlockTime;
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(_settings.BlockTime.TotalMilliseconds / 4, 50, 1000));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var start = await _rpc.QuantityAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false);
            while (waited.Elapsed < bound)
            {
                await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
                if (await _rpc.QuantityAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false) != start)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the provider, the keys and the HTTP client.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Provider.Dispose();
        foreach (var signer in _signers)
        {
            signer.Dispose();
        }

        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One key per participant with an account on the chain, each checked against that account's address.</summary>
    private static List<LocalKeySigner> LoadSigners(SettlementConfig config, EthereumChainSettings settings)
    {
        var owners = config.Participants
            .Select(p => (Name: p.Id.ToString(), Accounts: p.Accounts.Where(a => a.Account.ChainId == config.ChainId).Select(a => a.Account).Distinct().ToList()))
            .Where(p => p.Accounts.Count > 0)
            .ToList();
        if (owners.Count == 0)
        {
            throw new CliException(ExitCodes.InputError, $"{config.File}: no participant has an account on {config.ChainId}: nothing could be paid there.");
        }

        var keys = DemoKeys.Load(owners.Select(o => o.Name).ToList(), settings.KeyFile, Environment.GetEnvironmentVariable);
        var signers = new List<LocalKeySigner>(owners.Count);
        try
        {
            foreach (var (name, accounts) in owners)
            {
                var signer = new LocalKeySigner(keys[name]);
                signers.Add(signer);
                foreach (var account in accounts)
                {
                    if (!EthereumAddress.TryParse(account.Address, out var address) || address != signer.Address)
                    {
                        throw new CliException(ExitCodes.InputError,
                            $"The key of participant '{name}' ({DemoKeys.VariableOf(name)}{(settings.KeyFile is null ? string.Empty : $" or {settings.KeyFile}")}) belongs to {signer.Address}, but its account in {config.File} is {account}: each participant pays from the account of its own key.");
                    }
                }
            }

            return signers;
        }
        catch
        {
            foreach (var signer in signers)
            {
                signer.Dispose();
            }

            foreach (var key in keys.Values.Skip(signers.Count))
            {
                key.Dispose();
            }

            throw;
        }
    }

    private async Task CheckNodeAsync(SettlementConfig config, CancellationToken cancellationToken)
    {
        var where = _settings.RpcUrl.GetLeftPart(UriPartial.Authority);
        try
        {
            var chainId = await _rpc.QuantityAsync("eth_chainId", cancellationToken).ConfigureAwait(false);
            if (chainId != _settings.EvmChainId)
            {
                throw new CliException(ExitCodes.InputError, string.Create(CultureInfo.InvariantCulture, $"{config.File}: $.chain.chainId is {config.ChainId}, but the node at {where} is chain eip155:{chainId}."));
            }

            if (_settings.Token is { } token)
            {
                var decimals = await CallAsync(token.Address, "decimals()", cancellationToken).ConfigureAwait(false);
                var symbol = await CallAsync(token.Address, "symbol()", cancellationToken).ConfigureAwait(false);
                var found = symbol.Length >= 96 ? ReadString(symbol) : null;
                if (decimals.Length != 32 || found is null || decimals[31] != token.Decimals || found != token.Symbol)
                {
                    throw new CliException(ExitCodes.InputError,
                        $"{config.File}: $.chain.token says {token.Symbol} with {token.Decimals} decimals, but the token at {token.Address} answers {(found is null ? "no ERC-20 symbol()" : $"{found} with {(decimals.Length == 32 ? decimals[31] : -1)} decimals")}.");
                }
            }

            await Provider.GetContractVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChainRequestException ex) when (ex is not ChainUnavailableException)
        {
            throw new CliException(ExitCodes.InputError, $"{config.File}: $.chain.contract {_settings.Contract}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliException(ExitCodes.ChainUnavailable, $"The Ethereum node at {where} cannot be reached: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ExitCodes.InputError, $"{config.File}: the node at {where} refused a check of the config's chain: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> CallAsync(EthereumAddress to, string signature, CancellationToken cancellationToken)
    {
        var call = new JsonObject { ["to"] = to.ToString(), ["data"] = DemoJsonRpc.ToHex(Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature)).AsSpan(0, 4)) };
        return Hex.Decode((await _rpc.CallAsync("eth_call", cancellationToken, call, "latest").ConfigureAwait(false)).GetString());
    }

    private async Task<BigInteger> AllowanceAsync(EthereumAddress token, EthereumAddress owner, CancellationToken cancellationToken)
    {
        var data = new byte[4 + 32 + 32];
        AllowanceSelector.CopyTo(data, 0);
        owner.ToArray().CopyTo(data, 4 + 12);
        _settings.Contract.ToArray().CopyTo(data, 4 + 32 + 12);
        var call = new JsonObject { ["to"] = token.ToString(), ["data"] = DemoJsonRpc.ToHex(data) };
        var word = Hex.Decode((await _rpc.CallAsync("eth_call", cancellationToken, call, "latest").ConfigureAwait(false)).GetString());
        return new BigInteger(word, isUnsigned: true, isBigEndian: true);
    }

    private static string ReadString(byte[] abi)
    {
        var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(abi.AsSpan(64 - 4, 4));
        return System.Text.Encoding.UTF8.GetString(abi, 64, Math.Min(length, abi.Length - 64));
    }
}
