using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash;

/// <summary>
/// Checks <see cref="UtxoSettlementOptions"/> against a <see cref="UtxoNetwork"/> and lists every problem at once. The
/// <see cref="UtxoSettlementProvider"/> constructor runs it; <see cref="DashOptionsValidator"/> runs it for Dash.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class UtxoSettlementOptionsValidator
{
    /// <summary>Lists every problem with <paramref name="options"/> on <paramref name="network"/> (empty when valid).</summary>
    /// <param name="options">The options.</param>
    /// <param name="network">The network they are for.</param>
    /// <returns>The problems, each naming the option.</returns>
    public static IReadOnlyList<string> Errors(UtxoSettlementOptions options, UtxoNetwork network)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        var errors = new List<string>(network.Errors().Select(e => $"Network {network.Name}: {e}"));
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        int largestInput = CheckSigners(options, network, errors);
        long floor = network.MinRelayFee.PerKilobyte;
        Check(options.Confirmations is >= 1 and <= 1000, $"Confirmations must be 1 to 1,000; found {options.Confirmations}.");
        Check(options.MaxFeeRatePerKilobyte >= floor && options.MaxFeeRatePerKilobyte <= 1_000_000, $"MaxFeeRatePerKilobyte must be from the relay floor ({floor}) to 1,000,000 per kB; found {options.MaxFeeRatePerKilobyte}.");
        Check(options.FeeRatePerKilobyte is null || (options.FeeRatePerKilobyte >= floor && options.FeeRatePerKilobyte <= options.MaxFeeRatePerKilobyte), $"FeeRatePerKilobyte must be from the relay floor ({floor}) to MaxFeeRatePerKilobyte ({options.MaxFeeRatePerKilobyte}) per kB, or null for the floor; found {options.FeeRatePerKilobyte}.");
        Check(options.AccelerationFeeRatePerKilobyte is null || (options.AccelerationFeeRatePerKilobyte >= floor && options.AccelerationFeeRatePerKilobyte <= options.MaxFeeRatePerKilobyte), $"AccelerationFeeRatePerKilobyte must be from the relay floor ({floor}) to MaxFeeRatePerKilobyte ({options.MaxFeeRatePerKilobyte}) per kB, or null; found {options.AccelerationFeeRatePerKilobyte}.");
        Check(options.FeeEstimateTargetBlocks is null or (>= 1 and <= 1008), $"FeeEstimateTargetBlocks must be 1 to 1,008 blocks, or null to use the fixed rate; found {options.FeeEstimateTargetBlocks}.");
        Check(options.MinimumCoinConfirmations is >= 0 and <= 1000, $"MinimumCoinConfirmations must be 0 to 1,000; found {options.MinimumCoinConfirmations}.");

        // An uncompressed key's input is 181 bytes: the inputs alone must leave room for outputs in a standard transaction.
        int largestInputs = options.MaxInputsPerTransaction * 181;
        Check(options.MaxInputsPerTransaction >= 1 && largestInputs <= network.MaxStandardTransactionSize / 2, $"MaxInputsPerTransaction must be 1 to {network.MaxStandardTransactionSize / 2 / 181} (half the {network.MaxStandardTransactionSize}-byte standard size at 181 bytes per input); found {options.MaxInputsPerTransaction}.");
        if (options.MaxPayoutsPerTransaction is int maxPayouts && largestInput > 0 && options.MaxInputsPerTransaction >= 1)
        {
            int fit = UtxoSettlementProvider.MaxPayoutsFor(network, options, largestInput);
            Check(maxPayouts >= 1 && maxPayouts <= fit, $"MaxPayoutsPerTransaction must be 1 to {fit} (what fits the {network.MaxStandardTransactionSize}-byte standard size beside {options.MaxInputsPerTransaction} inputs), or null for as many as fit; found {maxPayouts}.");
        }
        else
        {
            Check(options.MaxPayoutsPerTransaction is null or >= 1, $"MaxPayoutsPerTransaction must be at least 1, or null for as many as fit; found {options.MaxPayoutsPerTransaction}.");
        }
        return errors;
    }

    /// <summary>Checks the signers; returns the largest input any of them spends (0 when none is valid).</summary>
    private static int CheckSigners(UtxoSettlementOptions options, UtxoNetwork network, List<string> errors)
    {
        if (options.Signers.Count == 0)
        {
            errors.Add("Signers must hold at least one ISigner (one per paying address).");
            return 0;
        }

        int largestInput = 0;
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Signers.Count; i++)
        {
            var signer = options.Signers[i];
            if (signer is null)
            {
                errors.Add($"Signers[{i}] is null.");
                continue;
            }

            if (signer.Algorithm != SignatureAlgorithm.Secp256k1)
            {
                errors.Add($"Signers[{i}] must sign with secp256k1; it uses '{signer.Algorithm}'.");
            }

            if (!Secp256k1PublicKey.TryParse(signer.PublicKey.Span, out _))
            {
                errors.Add($"Signers[{i}].PublicKey is not a valid SEC 1 secp256k1 public key (33 or 65 bytes on the curve).");
                continue;
            }

            var address = UtxoAddress.FromPublicKey(signer.PublicKey.Span, network).ToString();
            if (!addresses.Add(address))
            {
                errors.Add($"Signers[{i}] signs for {address}, as an earlier signer does; each paying address needs one signer.");
            }

            largestInput = Math.Max(largestInput, 32 + 4 + 1 + Transactions.TransactionSigner.MaxUnlockingScriptSize(signer.PublicKey.Length) + 4);
        }

        return largestInput;
    }
}
