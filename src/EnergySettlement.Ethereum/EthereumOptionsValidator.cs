using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Ethereum;

/// <summary>
/// Validates <see cref="EthereumOptions"/> and reports every error at once. Registered by <c>AddEthereum</c>; the
/// <see cref="EthereumSettlementProvider"/> constructor runs it too.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class EthereumOptionsValidator : IValidateOptions<EthereumOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name (the chain provider's name).</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, EthereumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"Ethereum provider '{name}': {e}"));
    }

    /// <summary>Lists every problem with <paramref name="options"/> (empty when valid).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems, each naming the option.</returns>
    public static IReadOnlyList<string> Errors(EthereumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(options.RpcUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps), "RpcUrl must be an absolute http or https URL.");
        Check(options.ChainId > 0, "ChainId must be the chain's EIP-155 id (1 for mainnet, 31337 for Anvil); found 0.");
        Check(IsSymbol(options.NativeSymbol), $"NativeSymbol must be 1 to 11 ASCII letters or digits; found '{options.NativeSymbol}'.");
        Check(options.ContractAddress is not null && EthereumAddress.TryParse(options.ContractAddress, out _), $"ContractAddress must be the deployed BatchSettlement contract's address (0x and 40 hex digits, EIP-55 checksum if mixed case); found '{options.ContractAddress}'.");
        CheckSigners(options, errors);

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i];
            if (token is null)
            {
                errors.Add($"Tokens[{i}] is null.");
                continue;
            }

            Check(EthereumAddress.TryParse(token.Address, out _), $"Tokens[{i}].Address must be 0x and 40 hex digits (EIP-55 checksum if mixed case); found '{token.Address}'.");
            Check(seen.Add(token.Address), $"Tokens[{i}].Address {token.Address} is configured twice.");
            Check(IsSymbol(token.Symbol), $"Tokens[{i}].Symbol must be 1 to 11 ASCII letters or digits; found '{token.Symbol}'.");
            Check(token.Decimals is >= 0 and <= Asset.MaxDecimals, $"Tokens[{i}].Decimals must be 0 to {Asset.MaxDecimals}; found {token.Decimals}.");
        }

        Check(options.Confirmations >= 1, $"Confirmations must be at least 1; found {options.Confirmations}.");
        Check(options.BlockTime > TimeSpan.Zero, $"BlockTime must be positive; found {options.BlockTime}.");
        Check(options.MaxPayoutsPerTransaction is null or (>= 1 and <= 1000), $"MaxPayoutsPerTransaction must be 1 to 1000 when set; found {options.MaxPayoutsPerTransaction}.");
        Check(options.BlockGasLimit >= 1_000_000, $"BlockGasLimit must be at least 1,000,000 gas; found {options.BlockGasLimit.ToString(CultureInfo.InvariantCulture)}.");
        Check(Enum.IsDefined(options.ContractVersion), $"ContractVersion must be Detect, V1 or V2; found {options.ContractVersion}.");
        Check(Enum.IsDefined(options.BatchNumbering), $"BatchNumbering must be AccountNonce or BatchIdHash; found {options.BatchNumbering}.");
        Check(!options.PublishReferences || options.ContractVersion != Contracts.BatchSettlementVersion.V1, "PublishReferences applies to contract version 2 (version 1 always publishes references); remove it or set ContractVersion to V2 or Detect.");
        Check(options.MaxFeePerGasCap > 0, "MaxFeePerGasCap must be positive (wei per gas).");
        Check(options.MinPriorityFeePerGas <= options.MaxFeePerGasCap, $"MinPriorityFeePerGas ({options.MinPriorityFeePerGas.ToString(CultureInfo.InvariantCulture)} wei) must not exceed MaxFeePerGasCap ({options.MaxFeePerGasCap.ToString(CultureInfo.InvariantCulture)} wei).");
        Check(options.FeeHistoryBlocks is >= 1 and <= 1024, $"FeeHistoryBlocks must be 1 to 1024; found {options.FeeHistoryBlocks}.");
        Check(options.PriorityFeePercentile is >= 0 and <= 100, $"PriorityFeePercentile must be 0 to 100; found {options.PriorityFeePercentile}.");
        Check(options.BaseFeeMultiplier is >= 1 and <= 10, $"BaseFeeMultiplier must be 1 to 10; found {options.BaseFeeMultiplier}.");
        Check(options.GasLimitHeadroomPercent is >= 0 and <= 100, $"GasLimitHeadroomPercent must be 0 to 100; found {options.GasLimitHeadroomPercent}.");
        if (options.ConfigureResilience is null)
        {
            Check(options.RequestTimeout >= TimeSpan.FromMilliseconds(10) && options.RequestTimeout <= TimeSpan.FromHours(1), $"RequestTimeout must be 10 ms to 1 hour; found {options.RequestTimeout}.");
            Check(options.MaxRetryAttempts is >= 0 and <= 10, $"MaxRetryAttempts must be 0 to 10; found {options.MaxRetryAttempts}.");
            Check(options.RetryBaseDelay >= TimeSpan.Zero && options.RetryBaseDelay <= TimeSpan.FromMinutes(5), $"RetryBaseDelay must be 0 to 5 minutes; found {options.RetryBaseDelay}.");
            Check(options.CircuitBreakerFailureRatio is > 0 and <= 1, $"CircuitBreakerFailureRatio must be above 0 and at most 1; found {options.CircuitBreakerFailureRatio.ToString(CultureInfo.InvariantCulture)}.");
            Check(options.CircuitBreakerMinimumThroughput >= 2, $"CircuitBreakerMinimumThroughput must be at least 2; found {options.CircuitBreakerMinimumThroughput}.");
            Check(options.CircuitBreakerBreakDuration >= TimeSpan.FromMilliseconds(500) && options.CircuitBreakerBreakDuration <= TimeSpan.FromDays(1), $"CircuitBreakerBreakDuration must be 500 ms to 1 day; found {options.CircuitBreakerBreakDuration}.");
        }

        return errors;
    }

    /// <summary>Checks <see cref="EthereumOptions.Signer"/> and <see cref="EthereumOptions.Signers"/>: at least one, each
    /// secp256k1 with a valid public key, no account twice.</summary>
    private static void CheckSigners(EthereumOptions options, List<string> errors)
    {
        if (options.Signer is null && options.Signers.Count == 0)
        {
            errors.Add("Signer or Signers must be set (an ISigner for each paying account's secp256k1 key).");
            return;
        }

        var accounts = new Dictionary<EthereumAddress, string>();
        void CheckOne(ISigner? signer, string label)
        {
            if (signer is null)
            {
                errors.Add($"{label} is null.");
                return;
            }

            if (signer.Algorithm != SignatureAlgorithm.Secp256k1)
            {
                errors.Add($"{label} must sign with secp256k1; it uses '{signer.Algorithm}'.");
                return;
            }

            if (!Secp256k1PublicKey.TryParse(signer.PublicKey.Span, out var publicKey))
            {
                errors.Add($"{label}.PublicKey is not a valid SEC 1 secp256k1 public key.");
                return;
            }

            var address = EthereumAddress.FromPublicKey(publicKey);
            if (!accounts.TryAdd(address, label))
            {
                errors.Add($"{label} signs for {address}, as {accounts[address]} does; each paying account needs one signer.");
            }
        }

        if (options.Signer is not null)
        {
            CheckOne(options.Signer, "Signer");
        }

        for (var i = 0; i < options.Signers.Count; i++)
        {
            CheckOne(options.Signers[i], $"Signers[{i}]");
        }
    }

    private static bool IsSymbol(string? symbol) => symbol is { Length: >= 1 and <= 11 } && symbol.All(char.IsAsciiLetterOrDigit);
}
