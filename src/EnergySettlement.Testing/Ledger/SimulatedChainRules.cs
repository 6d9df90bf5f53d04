using System.Globalization;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>An immutable, validated copy of <see cref="SimulatedChainOptions"/>, with the assets built.</summary>
internal sealed class SimulatedChainRules
{
    private SimulatedChainRules(SimulatedChainOptions options, Asset native, IReadOnlyList<Asset> assets)
    {
        ChainId = options.ChainId;
        NativeSymbol = options.NativeSymbol;
        NativeDecimals = options.NativeDecimals;
        Tokens = new SortedDictionary<string, int>(options.Tokens, StringComparer.Ordinal);
        EnforceUniqueBatchIds = options.EnforceUniqueBatchIds;
        BlockInterval = options.BlockInterval;
        NativeAsset = native;
        Assets = assets;
        ConfirmationsForFinality = options.ConfirmationsForFinality;
        BaseFee = options.BaseFee;
        FeePerPayout = options.FeePerPayout;
        MaxPayoutsPerTransaction = options.MaxPayoutsPerTransaction;
        MaxMemoBytes = options.MaxMemoBytes;
        Capabilities = new ChainCapabilities
        {
            NativeAsset = native,
            Assets = assets,
            MaxPayoutsPerTransaction = options.MaxPayoutsPerTransaction,
            MaxMemoBytes = options.MaxMemoBytes,
            Finality = options.ConfirmationsForFinality == 1 ? FinalityModel.Immediate : FinalityModel.Confirmations,
            ConfirmationsForFinality = options.ConfirmationsForFinality,
            TypicalFee = new Money(checked(options.BaseFee + options.FeePerPayout), native),
            TypicalTimeToFinality = options.BlockInterval * options.ConfirmationsForFinality,
        };
    }

    public ChainId ChainId { get; }

    public string NativeSymbol { get; }

    public int NativeDecimals { get; }

    public IReadOnlyDictionary<string, int> Tokens { get; }

    public bool EnforceUniqueBatchIds { get; }

    public TimeSpan BlockInterval { get; }

    public Asset NativeAsset { get; }

    public IReadOnlyList<Asset> Assets { get; }

    public int ConfirmationsForFinality { get; }

    public long BaseFee { get; }

    public long FeePerPayout { get; }

    public int MaxPayoutsPerTransaction { get; }

    public int MaxMemoBytes { get; }

    public ChainCapabilities Capabilities { get; }

    /// <summary>A fresh options object with the values these rules were built from.</summary>
    public SimulatedChainOptions ToOptions()
    {
        var options = new SimulatedChainOptions
        {
            ChainId = ChainId,
            NativeSymbol = NativeSymbol,
            NativeDecimals = NativeDecimals,
            ConfirmationsForFinality = ConfirmationsForFinality,
            BaseFee = BaseFee,
            FeePerPayout = FeePerPayout,
            MaxPayoutsPerTransaction = MaxPayoutsPerTransaction,
            MaxMemoBytes = MaxMemoBytes,
            EnforceUniqueBatchIds = EnforceUniqueBatchIds,
            BlockInterval = BlockInterval,
        };
        foreach (var (symbol, decimals) in Tokens)
        {
            options.Tokens[symbol] = decimals;
        }

        return options;
    }

    /// <summary>Checks the options and builds the rules; throws one exception listing every problem.</summary>
    public static SimulatedChainRules Create(SimulatedChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulated chain options: " + string.Join(" ", errors), nameof(options));
        }

        var native = new Asset(AssetId.Parse($"{options.ChainId}/native:{options.NativeSymbol}"), options.NativeDecimals, options.NativeSymbol);
        var assets = new List<Asset> { native };
        foreach (var (symbol, decimals) in options.Tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            assets.Add(new Asset(AssetId.Parse($"{options.ChainId}/token:{symbol}"), decimals, symbol));
        }

        return new SimulatedChainRules(options, native, assets.AsReadOnly());
    }

    /// <summary>Returns every problem with the options (empty when they are valid).</summary>
    public static IReadOnlyList<string> Validate(SimulatedChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ChainId == default)
        {
            errors.Add("ChainId must name a chain (CAIP-2, e.g. 'sim:local').");
        }

        if (!IsSymbol(options.NativeSymbol))
        {
            errors.Add($"NativeSymbol must be 1 to 11 ASCII letters or digits; found '{options.NativeSymbol}'.");
        }

        if (options.NativeDecimals is < 0 or > Asset.MaxDecimals)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"NativeDecimals must be 0 to {Asset.MaxDecimals}; found {options.NativeDecimals}."));
        }

        foreach (var (symbol, decimals) in options.Tokens)
        {
            if (!IsSymbol(symbol))
            {
                errors.Add($"Token symbol '{symbol}' must be 1 to 11 ASCII letters or digits.");
            }
            else if (string.Equals(symbol, options.NativeSymbol, StringComparison.Ordinal))
            {
                errors.Add($"Token symbol '{symbol}' is the native coin's symbol.");
            }

            if (decimals is < 0 or > Asset.MaxDecimals)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Token '{symbol}' decimals must be 0 to {Asset.MaxDecimals}; found {decimals}."));
            }
        }

        if (options.ConfirmationsForFinality < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ConfirmationsForFinality must be at least 1; found {options.ConfirmationsForFinality}."));
        }

        if (options.BaseFee < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"BaseFee must not be negative; found {options.BaseFee}."));
        }

        if (options.FeePerPayout < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"FeePerPayout must not be negative; found {options.FeePerPayout}."));
        }

        if (options.MaxPayoutsPerTransaction < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"MaxPayoutsPerTransaction must be at least 1; found {options.MaxPayoutsPerTransaction}."));
        }

        if (options.MaxMemoBytes < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"MaxMemoBytes must not be negative; found {options.MaxMemoBytes}."));
        }

        if (options.BlockInterval <= TimeSpan.Zero)
        {
            errors.Add($"BlockInterval must be positive; found {options.BlockInterval}.");
        }

        return errors;
    }

    /// <summary>The fee a transaction with <paramref name="payoutCount"/> payouts must pay, at a fee multiplier.</summary>
    public Int128 RequiredFee(int payoutCount, long multiplier) =>
        checked(((Int128)BaseFee + ((Int128)FeePerPayout * payoutCount)) * multiplier);

    /// <summary>Finds a configured asset by its id.</summary>
    public Asset? FindAsset(AssetId id)
    {
        foreach (var asset in Assets)
        {
            if (asset.Id == id)
            {
                return asset;
            }
        }

        return null;
    }

    private static bool IsSymbol(string? symbol) =>
        symbol is { Length: >= 1 and <= 11 } && symbol.All(char.IsAsciiLetterOrDigit);
}
