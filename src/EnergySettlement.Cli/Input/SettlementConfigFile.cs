using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;
using EnergySettlement.Testing;

namespace EnergySettlement.Cli.Input;

/// <summary>Reads and checks a settlement config file (JSON; docs/cli.md documents it). Every problem is an
/// <see cref="InputFileException"/> naming the file and the line (syntax, unknown or missing properties) or the JSON path
/// (a value that breaks a rule).</summary>
internal static class SettlementConfigFile
{
    /// <summary>The chain kind of the SDK's simulated chain, kept in a state file.</summary>
    public const string SimulatedKind = "simulated";

    /// <summary>The chain kind of an existing Ethereum (or EVM) node.</summary>
    public const string EthereumKind = "ethereum";

    /// <summary>The chain kind of an existing Dash node or API (Dash Core, Insight, BlockCypher).</summary>
    public const string DashKind = "dash";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads a config file.</summary>
    /// <param name="path">The file; relative paths inside it are relative to its folder.</param>
    /// <returns>The checked config.</returns>
    /// <exception cref="InputFileException">The file is missing, malformed or breaks a rule.</exception>
    public static SettlementConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException(path, 0, "The file does not exist.");
        }

        SettlementConfigDocument document;
        try
        {
            document = JsonSerializer.Deserialize<SettlementConfigDocument>(File.ReadAllBytes(path), JsonOptions)
                ?? throw new InputFileException(path, 1, "Expected a JSON object; found null.");
        }
        catch (JsonException ex)
        {
            throw new InputFileException(path, (ex.LineNumber ?? -1) + 1, $"Malformed config{(ex.Path is { } p ? $" at {p}" : string.Empty)}: {FirstSentence(ex.Message)}", ex);
        }
        catch (IOException ex)
        {
            throw new InputFileException(path, 0, $"The file cannot be read: {ex.Message}", ex);
        }

        return new Checker(path, document).Check();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private sealed class Checker(string path, SettlementConfigDocument document)
    {
        private readonly Dictionary<string, Asset> _assets = new(StringComparer.Ordinal);

        public SettlementConfig Check()
        {
            var chain = document.Chain;
            SimulatedChainSettings? simulated = null;
            EthereumChainSettings? ethereum = null;
            DashChainSettings? dash = null;
            ChainId chainId;
            if (string.Equals(chain.Kind, SimulatedKind, StringComparison.OrdinalIgnoreCase))
            {
                simulated = Simulated(chain, out chainId);
            }
            else if (string.Equals(chain.Kind, EthereumKind, StringComparison.OrdinalIgnoreCase))
            {
                ethereum = Ethereum(chain, out chainId);
            }
            else if (string.Equals(chain.Kind, DashKind, StringComparison.OrdinalIgnoreCase))
            {
                dash = Dash(chain, out chainId);
            }
            else
            {
                throw Error("$.chain.kind", $"'{chain.Kind}' is not a chain this command settles on; use \"{SimulatedKind}\" (its state kept in chain.stateFile) \"{EthereumKind}\" (an existing node at chain.rpcUrl) or \"{DashKind}\" (a Dash node or API in chain.backends).");
            }

            var market = Market();
            var participants = Participants();
            var ids = participants.Select(p => p.Id).ToHashSet();
            var planning = Planning(market, ids);
            if (dash is not null && !planning.MinimumPayouts.Any(m => m.Asset == dash.Parameters.NativeAsset))
            {
                // A Dash output below the dust threshold is not relayed: smaller legs are carried forward, as the demo does.
                planning.MinimumPayouts.Add(new Money(dash.Parameters.GetDustThreshold(25), dash.Parameters.NativeAsset));
            }

            RequireKnown(ids, market.GridOperator, "$.market.gridOperator");
            return new SettlementConfig
            {
                File = path,
                Market = market,
                Planning = planning,
                RequireSignedReadings = document.Settlement.RequireSignedReadings,
                Participants = participants,
                Meters = Meters(ids),
                ChainId = chainId,
                Simulated = simulated is null ? null : simulated with { Funding = Funding(chainId) },
                Ethereum = ethereum,
                Dash = dash,
            };
        }

        private SimulatedChainSettings Simulated(SettlementConfigDocument.ChainSection chain, out ChainId chainId)
        {
            Forbid(chain.RpcUrl, "rpcUrl");
            Forbid(chain.Contract, "contract");
            Forbid(chain.Token, "token");
            Forbid(chain.KeyFile, "keyFile");
            ForbidDash(chain);
            var text = chain.ChainId ?? "sim:local";
            if (!ChainId.TryParse(text, out chainId))
            {
                throw Error("$.chain.chainId", $"'{text}' is not a CAIP-2 chain id such as sim:local.");
            }

            var chainOptions = new SimulatedChainOptions { ChainId = chainId, NativeSymbol = chain.NativeSymbol ?? "SIM", ConfirmationsForFinality = chain.Confirmations ?? 3 };
            foreach (var (symbol, decimals) in chain.Tokens ?? [])
            {
                chainOptions.Tokens[symbol] = decimals;
            }

            try
            {
                foreach (var asset in new SimulatedChain(chainOptions).Assets)
                {
                    _assets[asset.Symbol] = asset;
                }
            }
            catch (ArgumentException ex)
            {
                throw Error("$.chain", ex.Message, ex);
            }

            var interval = chain.BlockIntervalMs ?? 0;
            if (interval < 0)
            {
                throw Error("$.chain.blockIntervalMs", string.Create(CultureInfo.InvariantCulture, $"must not be negative; found {interval}."));
            }

            if (string.IsNullOrWhiteSpace(chain.StateFile))
            {
                throw Error("$.chain.stateFile", "must name the file the simulated chain keeps its state in.");
            }

            return new SimulatedChainSettings(chainOptions, RelativeToConfig(chain.StateFile), TimeSpan.FromMilliseconds(interval), []);
        }

        private EthereumChainSettings Ethereum(SettlementConfigDocument.ChainSection chain, out ChainId chainId)
        {
            Forbid(chain.StateFile, "stateFile");
            Forbid(chain.Tokens, "tokens");
            Forbid(chain.Funding, "funding");
            ForbidDash(chain);
            if (chain.RpcUrl is null || !Uri.TryCreate(chain.RpcUrl, UriKind.Absolute, out var rpc) || (rpc.Scheme != Uri.UriSchemeHttp && rpc.Scheme != Uri.UriSchemeHttps))
            {
                throw Error("$.chain.rpcUrl", $"must be the node's JSON-RPC endpoint, an absolute http or https URL; found '{chain.RpcUrl}'.");
            }

            if (chain.ChainId is not { } text || !ChainId.TryParse(text, out chainId) || chainId.Namespace != "eip155"
                || !ulong.TryParse(chainId.Reference, NumberStyles.None, CultureInfo.InvariantCulture, out var evmChainId) || evmChainId == 0)
            {
                throw Error("$.chain.chainId", $"must be the chain's CAIP-2 id, eip155: and its EIP-155 number (eip155:1 for mainnet, eip155:31337 for Anvil); found '{chain.ChainId}'.");
            }

            if (chain.Contract is null || !EthereumAddress.TryParse(chain.Contract, out var contract))
            {
                throw Error("$.chain.contract", $"must be the deployed BatchSettlementV2 contract's address (0x and 40 hex digits, EIP-55 checksum if mixed case); found '{chain.Contract}'.");
            }

            var native = chain.NativeSymbol ?? "ETH";
            _assets[native] = new Asset(AssetId.Parse($"{chainId}/slip44:60"), 18, native);
            EthereumChainToken? token = null;
            if (chain.Token is { } t)
            {
                if (!EthereumAddress.TryParse(t.Address, out var address))
                {
                    throw Error("$.chain.token.address", $"must be the ERC-20 token's address (0x and 40 hex digits); found '{t.Address}'.");
                }

                if (t.Decimals is < 0 or > EnergySettlement.Asset.MaxDecimals || string.IsNullOrWhiteSpace(t.Symbol) || !_assets.TryAdd(t.Symbol, new Asset(AssetId.Parse($"{chainId}/erc20:{t.Address.ToLowerInvariant()}"), t.Decimals, t.Symbol)))
                {
                    throw Error("$.chain.token", string.Create(CultureInfo.InvariantCulture, $"needs a symbol other than the native coin's ({native}) and decimals 0 to {EnergySettlement.Asset.MaxDecimals}; found '{t.Symbol}' with {t.Decimals}."));
                }

                token = new EthereumChainToken(address, t.Symbol, t.Decimals);
            }

            var confirmations = chain.Confirmations ?? 12;
            if (confirmations is < 1 or > 100)
            {
                throw Error("$.chain.confirmations", string.Create(CultureInfo.InvariantCulture, $"must be 1 to 100; found {confirmations}."));
            }

            var blockTime = chain.BlockIntervalMs ?? 12_000;
            if (blockTime < 1)
            {
                throw Error("$.chain.blockIntervalMs", string.Create(CultureInfo.InvariantCulture, $"must be the chain's block time in milliseconds, at least 1; found {blockTime}."));
            }

            return new EthereumChainSettings(rpc, evmChainId, contract, token, native, confirmations, TimeSpan.FromMilliseconds(blockTime),
                string.IsNullOrWhiteSpace(chain.KeyFile) ? null : RelativeToConfig(chain.KeyFile));
        }

        private DashChainSettings Dash(SettlementConfigDocument.ChainSection chain, out ChainId chainId)
        {
            Forbid(chain.StateFile, "stateFile");
            Forbid(chain.Tokens, "tokens");
            Forbid(chain.Funding, "funding");
            Forbid(chain.RpcUrl, "rpcUrl");
            Forbid(chain.Contract, "contract");
            Forbid(chain.Token, "token");
            Forbid(chain.NativeSymbol, "nativeSymbol");
            Forbid(chain.ChainId, "chainId");
            var networkText = chain.Network ?? "testnet";
            if (!Enum.TryParse<DashNetwork>(networkText, ignoreCase: true, out var network) || !Enum.IsDefined(network) || char.IsAsciiDigit(networkText[0]))
            {
                throw Error("$.chain.network", $"'{networkText}' is not one of mainnet, testnet, regtest.");
            }

            var backends = new List<DashBackendSetting>();
            for (var i = 0; i < (chain.Backends?.Count ?? 0); i++)
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"$.chain.backends[{i}]");
                if (!DashBackendSetting.TryParse(chain.Backends![i], out var backend, out var error))
                {
                    throw Error(where, $"'{chain.Backends[i]}' is not KIND=URL: {error?.Replace("--backend ", string.Empty, StringComparison.Ordinal)}");
                }

                backends.Add(backend!);
            }

            if (backends.Count == 0)
            {
                throw Error("$.chain.backends", "must name at least one node or API: \"dashcore=URL\", \"insight=URL\" or \"blockcypher=URL\".");
            }

            var confirmations = chain.Confirmations ?? 6;
            if (confirmations is < 1 or > 100)
            {
                throw Error("$.chain.confirmations", string.Create(CultureInfo.InvariantCulture, $"must be 1 to 100; found {confirmations}."));
            }

            var poll = chain.BlockIntervalMs ?? 2_000;
            if (poll is < 50 or > 600_000)
            {
                throw Error("$.chain.blockIntervalMs", string.Create(CultureInfo.InvariantCulture, $"must be how long to wait between settlement passes, 50 to 600000 ms; found {poll}."));
            }

            string? cookie = null;
            if (!string.IsNullOrWhiteSpace(chain.CookieFile))
            {
                cookie = RelativeToConfig(chain.CookieFile);
                if (!backends.Any(b => b.Kind == DashBackendKind.DashCore) || !File.Exists(cookie))
                {
                    throw Error("$.chain.cookieFile", $"must be the .cookie file of a dashcore backend; '{cookie}' {(File.Exists(cookie) ? "has no dashcore backend to go with it" : "does not exist")}.");
                }
            }

            var settings = new DashChainSettings
            {
                Network = network,
                Backends = backends,
                CookieFile = cookie,
                KeyFile = string.IsNullOrWhiteSpace(chain.KeyFile) ? null : RelativeToConfig(chain.KeyFile),
                Confirmations = confirmations,
                PollInterval = TimeSpan.FromMilliseconds(poll),
            };
            chainId = settings.Parameters.ChainId;
            _assets[settings.Parameters.NativeAsset.Symbol] = settings.Parameters.NativeAsset;
            return settings;
        }

        private void ForbidDash(SettlementConfigDocument.ChainSection chain)
        {
            Forbid(chain.Network, "network");
            Forbid(chain.Backends, "backends");
            Forbid(chain.CookieFile, "cookieFile");
        }

        private void Forbid(object? value, string property)
        {
            if (value is not null)
            {
                throw Error("$.chain." + property, $"does not apply to chain kind '{document.Chain.Kind}'.");
            }
        }

        private string RelativeToConfig(string file) => Path.GetFullPath(file, Path.GetDirectoryName(Path.GetFullPath(path))!);

        private MarketDefinition Market()
        {
            var m = document.Market;
            var quote = Asset(m.QuoteAsset, "$.market.quoteAsset");
            if (!MarketId.TryParse(m.Id, out var id))
            {
                throw Error("$.market.id", $"'{m.Id}' is not a market id (letters, digits and -_.: only).");
            }

            if (m.PeriodMinutes is < 1 or > 1440)
            {
                throw Error("$.market.periodMinutes", string.Create(CultureInfo.InvariantCulture, $"must be 1 to 1440; found {m.PeriodMinutes}."));
            }

            var market = new MarketDefinition
            {
                Id = id,
                QuoteAsset = quote,
                PeriodLength = TimeSpan.FromMinutes(m.PeriodMinutes),
                TickSize = Amount(m.TickSize, quote, "$.market.tickSize"),
                MinPrice = PriceOf(m.MinPrice, quote, "$.market.minPrice"),
                MaxPrice = PriceOf(m.MaxPrice, quote, "$.market.maxPrice"),
                GridOperator = m.GridOperator is null ? null : Participant(m.GridOperator, "$.market.gridOperator"),
                GridFeePerKilowattHour = m.GridFeePerKwh is null ? null : PriceOf(m.GridFeePerKwh, quote, "$.market.gridFeePerKwh"),
            };
            if (market.Validate() is { Count: > 0 } errors)
            {
                throw Error("$.market", string.Join(" ", errors));
            }

            return market;
        }

        private SettlementPlanningOptions Planning(MarketDefinition market, HashSet<ParticipantId> ids)
        {
            var s = document.Settlement;
            var options = new SettlementPlanningOptions
            {
                Netting = ParseEnum<NettingMode>(s.Netting, "$.settlement.netting"),
                MissingReadings = ParseEnum<MissingReadingPolicy>(s.MissingReadings, "$.settlement.missingReadings"),
                ClearingAgent = s.ClearingAgent is null ? null : Participant(s.ClearingAgent, "$.settlement.clearingAgent"),
            };
            RequireKnown(ids, options.ClearingAgent, "$.settlement.clearingAgent");
            if (s.ImbalancePrices is { } imbalance)
            {
                options.ImbalancePrices[market.Id] = new ImbalancePrices(
                    PriceOf(imbalance.ShortfallPerKwh, market.QuoteAsset, "$.settlement.imbalancePrices.shortfallPerKwh"),
                    PriceOf(imbalance.SurplusPerKwh, market.QuoteAsset, "$.settlement.imbalancePrices.surplusPerKwh"));
            }

            foreach (var (symbol, amount) in s.MinimumPayouts)
            {
                var where = $"$.settlement.minimumPayouts.{symbol}";
                options.MinimumPayouts.Add(Amount(amount, Asset(symbol, where), where));
            }

            if (options.Validate() is { Count: > 0 } errors)
            {
                throw Error("$.settlement", string.Join(" ", errors));
            }

            return options;
        }

        private List<SettlementParticipant> Participants()
        {
            var list = new List<SettlementParticipant>();
            var seen = new HashSet<ParticipantId>();
            for (var i = 0; i < document.Participants.Count; i++)
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"$.participants[{i}]");
                var p = document.Participants[i];
                var id = Participant(p.Id, where + ".id");
                if (!seen.Add(id))
                {
                    throw Error(where + ".id", $"participant '{id}' is listed twice.");
                }

                var accounts = new List<ParticipantAccount>();
                for (var j = 0; j < p.Accounts.Count; j++)
                {
                    var at = string.Create(CultureInfo.InvariantCulture, $"{where}.accounts[{j}]");
                    var a = p.Accounts[j];
                    var account = Account(a.Account, at + ".account");
                    try
                    {
                        accounts.Add(new ParticipantAccount(account, Asset(a.Asset, at + ".asset"), a.Rank));
                    }
                    catch (ArgumentException ex)
                    {
                        throw Error(at, ex.Message, ex);
                    }
                }

                try
                {
                    list.Add(new SettlementParticipant(id, accounts));
                }
                catch (ArgumentException ex)
                {
                    throw Error(where, ex.Message, ex);
                }
            }

            return list;
        }

        private List<MeterRegistration> Meters(HashSet<ParticipantId> ids)
        {
            var list = new List<MeterRegistration>();
            var seen = new HashSet<MeterId>();
            for (var i = 0; i < document.Meters.Count; i++)
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"$.meters[{i}]");
                var m = document.Meters[i];
                if (!MeterId.TryParse(m.Id, out var meter))
                {
                    throw Error(where + ".id", $"'{m.Id}' is not a meter id (letters, digits and -_.: only).");
                }

                if (!seen.Add(meter))
                {
                    throw Error(where + ".id", $"meter '{meter}' is listed twice.");
                }

                var participant = Participant(m.Participant, where + ".participant");
                RequireKnown(ids, participant, where + ".participant");
                if (m.RatedPowerWatts <= 0)
                {
                    throw Error(where + ".ratedPowerWatts", string.Create(CultureInfo.InvariantCulture, $"must be positive; found {m.RatedPowerWatts}."));
                }

                byte[] key = [];
                if (m.PublicKey is { Length: > 0 } hex)
                {
                    try
                    {
                        key = Convert.FromHexString(hex);
                    }
                    catch (FormatException ex)
                    {
                        throw Error(where + ".publicKey", "must be hex: the meter's P-256 public key, SEC1 uncompressed (65 bytes, 04…).", ex);
                    }

                    if (key.Length != 65 || key[0] != 0x04)
                    {
                        throw Error(where + ".publicKey", string.Create(CultureInfo.InvariantCulture, $"must be a P-256 public key, SEC1 uncompressed: 65 bytes starting 04; found {key.Length} bytes."));
                    }
                }
                else if (document.Settlement.RequireSignedReadings)
                {
                    throw Error(where + ".publicKey", "is missing: settlement.requireSignedReadings is true, so every meter needs its public key (or set it to false for unsigned exports).");
                }

                list.Add(new MeterRegistration { Meter = meter, Participant = participant, RatedPowerWatts = m.RatedPowerWatts, PublicKey = key });
            }

            return list;
        }

        private List<(SettlementAccount, Money)> Funding(ChainId chainId)
        {
            var list = new List<(SettlementAccount, Money)>();
            var funding = document.Chain.Funding ?? [];
            for (var i = 0; i < funding.Count; i++)
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"$.chain.funding[{i}]");
                var f = funding[i];
                var account = Account(f.Account, where + ".account");
                if (account.ChainId != chainId)
                {
                    throw Error(where + ".account", $"{account} is not on the simulated chain {chainId}.");
                }

                var amount = Amount(f.Amount, Asset(f.Asset, where + ".asset"), where + ".amount");
                if (amount.Amount <= 0)
                {
                    throw Error(where + ".amount", $"must be positive; found {f.Amount}.");
                }

                list.Add((account, amount));
            }

            return list;
        }

        private Asset Asset(string symbol, string where) =>
            _assets.TryGetValue(symbol, out var asset)
                ? asset
                : throw Error(where, $"'{symbol}' is not an asset of the chain; it carries {string.Join(", ", _assets.Keys)} (add tokens under chain.tokens).");

        private ParticipantId Participant(string text, string where) =>
            ParticipantId.TryParse(text, out var id) ? id : throw Error(where, $"'{text}' is not a participant id (letters, digits and -_.: only).");

        private void RequireKnown(HashSet<ParticipantId> ids, ParticipantId? id, string where)
        {
            if (id is { } p && !ids.Contains(p))
            {
                throw Error(where, $"'{p}' is not one of the participants; list it under participants with its accounts.");
            }
        }

        private SettlementAccount Account(string text, string where) =>
            SettlementAccount.TryParse(text, out var account) ? account : throw Error(where, $"'{text}' is not a CAIP-10 account such as sim:local:alice or eip155:1:0x….");

        private Money Amount(string text, Asset asset, string where) =>
            Money.TryParse(text, asset, out var money) ? money : throw Error(where, $"'{text}' is not an amount of {asset.Symbol} with at most {asset.Decimals} decimals.");

        private Price PriceOf(string text, Asset asset, string where) => new(Amount(text, asset, where));

        private T ParseEnum<T>(string text, string where)
            where T : struct, Enum =>
            Enum.TryParse<T>(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0])
                ? value
                : throw Error(where, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");

        private InputFileException Error(string where, string reason, Exception? inner = null) => new(path, 0, $"{where}: {reason}", inner);
    }
}
