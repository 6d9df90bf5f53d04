using System.Text.Json.Serialization;

namespace EnergySettlement.Cli.Input;

/// <summary>The settlement config file as written (JSON, camelCase); <see cref="SettlementConfigFile"/> checks it and turns
/// it into SDK types. docs/cli.md documents every field.</summary>
internal sealed class SettlementConfigDocument
{
    [JsonPropertyName("market")]
    public required MarketSection Market { get; init; }

    [JsonPropertyName("settlement")]
    public SettlementSection Settlement { get; init; } = new();

    [JsonPropertyName("participants")]
    public required List<ParticipantSection> Participants { get; init; }

    [JsonPropertyName("meters")]
    public required List<MeterSection> Meters { get; init; }

    [JsonPropertyName("chain")]
    public required ChainSection Chain { get; init; }

    internal sealed class MarketSection
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("quoteAsset")]
        public required string QuoteAsset { get; init; }

        [JsonPropertyName("periodMinutes")]
        public int PeriodMinutes { get; init; } = 15;

        [JsonPropertyName("tickSize")]
        public string TickSize { get; init; } = "0.001";

        [JsonPropertyName("minPrice")]
        public string MinPrice { get; init; } = "-1";

        [JsonPropertyName("maxPrice")]
        public string MaxPrice { get; init; } = "1";

        [JsonPropertyName("gridOperator")]
        public string? GridOperator { get; init; }

        [JsonPropertyName("gridFeePerKwh")]
        public string? GridFeePerKwh { get; init; }
    }

    internal sealed class SettlementSection
    {
        [JsonPropertyName("netting")]
        public string Netting { get; init; } = "bilateral";

        [JsonPropertyName("clearingAgent")]
        public string? ClearingAgent { get; init; }

        [JsonPropertyName("missingReadings")]
        public string MissingReadings { get; init; } = "hold";

        [JsonPropertyName("imbalancePrices")]
        public ImbalanceSection? ImbalancePrices { get; init; }

        [JsonPropertyName("minimumPayouts")]
        public Dictionary<string, string> MinimumPayouts { get; init; } = [];

        [JsonPropertyName("requireSignedReadings")]
        public bool RequireSignedReadings { get; init; } = true;
    }

    internal sealed class ImbalanceSection
    {
        [JsonPropertyName("shortfallPerKwh")]
        public required string ShortfallPerKwh { get; init; }

        [JsonPropertyName("surplusPerKwh")]
        public required string SurplusPerKwh { get; init; }
    }

    internal sealed class ParticipantSection
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("accounts")]
        public required List<AccountSection> Accounts { get; init; }
    }

    internal sealed class AccountSection
    {
        [JsonPropertyName("account")]
        public required string Account { get; init; }

        [JsonPropertyName("asset")]
        public required string Asset { get; init; }

        [JsonPropertyName("rank")]
        public int Rank { get; init; }
    }

    internal sealed class MeterSection
    {
        [JsonPropertyName("id")]
        public required string Id { get; init; }

        [JsonPropertyName("participant")]
        public required string Participant { get; init; }

        [JsonPropertyName("ratedPowerWatts")]
        public required long RatedPowerWatts { get; init; }

        [JsonPropertyName("publicKey")]
        public string? PublicKey { get; init; }
    }

    internal sealed class ChainSection
    {
        [JsonPropertyName("kind")]
        public required string Kind { get; init; }

        [JsonPropertyName("stateFile")]
        public string? StateFile { get; init; }

        [JsonPropertyName("chainId")]
        public string? ChainId { get; init; }

        [JsonPropertyName("nativeSymbol")]
        public string? NativeSymbol { get; init; }

        [JsonPropertyName("tokens")]
        public Dictionary<string, int>? Tokens { get; init; }

        [JsonPropertyName("confirmations")]
        public int? Confirmations { get; init; }

        [JsonPropertyName("blockIntervalMs")]
        public int? BlockIntervalMs { get; init; }

        [JsonPropertyName("funding")]
        public List<FundingSection>? Funding { get; init; }

        [JsonPropertyName("rpcUrl")]
        public string? RpcUrl { get; init; }

        [JsonPropertyName("contract")]
        public string? Contract { get; init; }

        [JsonPropertyName("token")]
        public TokenSection? Token { get; init; }

        [JsonPropertyName("keyFile")]
        public string? KeyFile { get; init; }

        [JsonPropertyName("network")]
        public string? Network { get; init; }

        [JsonPropertyName("backends")]
        public List<string>? Backends { get; init; }

        [JsonPropertyName("cookieFile")]
        public string? CookieFile { get; init; }
    }

    internal sealed class TokenSection
    {
        [JsonPropertyName("address")]
        public required string Address { get; init; }

        [JsonPropertyName("symbol")]
        public required string Symbol { get; init; }

        [JsonPropertyName("decimals")]
        public required int Decimals { get; init; }
    }

    internal sealed class FundingSection
    {
        [JsonPropertyName("account")]
        public required string Account { get; init; }

        [JsonPropertyName("asset")]
        public required string Asset { get; init; }

        [JsonPropertyName("amount")]
        public required string Amount { get; init; }
    }
}
