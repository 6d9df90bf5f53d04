using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rpc;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Ethereum.Fees;

/// <summary>Reads <c>eth_feeHistory</c> (or <c>eth_gasPrice</c> for legacy transactions) and applies <see cref="FeePolicy"/>.</summary>
internal sealed class FeeEstimator(EthereumRpcClient rpc, EthereumOptions options, ILogger logger)
{
    /// <summary>Estimates fee fields for a transaction to be included soon (for legacy transactions: the gas price in both fields).</summary>
    /// <exception cref="FeeCapExceededException">The fee needed is above the cap.</exception>
    public async Task<FeeEstimate> EstimateAsync(CancellationToken cancellationToken)
    {
        if (options.UseLegacyTransactions)
        {
            var gasPrice = HexQuantity.ParseUInt256((await rpc.SendAsync("eth_gasPrice", cancellationToken).ConfigureAwait(false)).GetString());
            return Capped(() => FeePolicy.FromGasPrice(rpc.ChainId, options, gasPrice));
        }


        var history = await rpc.SendAsync(
            "eth_feeHistory",
            cancellationToken,
            HexQuantity.Format((ulong)options.FeeHistoryBlocks),
            "latest",
            new JsonArray(JsonValue.Create(options.PriorityFeePercentile))).ConfigureAwait(false);

        var baseFees = history.GetProperty("baseFeePerGas");
        var count = baseFees.GetArrayLength();
        if (count == 0)
        {
            throw new ChainRequestException(rpc.ChainId, "malformed response", $"eth_feeHistory on {rpc.ChainId} returned no base fees.", isTransient: true);
        }

        // The last entry is the base fee of the block after the newest one: the next block's.
        var nextBaseFee = HexQuantity.ParseUInt256(baseFees[count - 1].GetString());
        var tips = new List<UInt256>();
        if (history.TryGetProperty("reward", out var rewards) && rewards.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in rewards.EnumerateArray())
            {
                if (block.GetArrayLength() > 0)
                {
                    tips.Add(HexQuantity.ParseUInt256(block[0].GetString()));
                }
            }
        }

        return Capped(() => FeePolicy.FromHistory(rpc.ChainId, options, nextBaseFee, tips));
    }

    private FeeEstimate Capped(Func<FeeEstimate> estimate)
    {
        try
        {
            return estimate();
        }
        catch (FeeCapExceededException ex)
        {
            EthereumTelemetry.FeeCapRefusals.Add(1, new KeyValuePair<string, object?>("chain.id", rpc.ChainId.ToString()));
            Log.FeeCapExceeded(logger, rpc.ChainId.ToString(), ex.RequiredMaxFeePerGas, options.MaxFeePerGasCap.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw;
        }
    }
}
