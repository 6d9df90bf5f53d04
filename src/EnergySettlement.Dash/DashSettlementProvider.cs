using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Networks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash;

/// <summary>
/// Settles batches on Dash mainnet, testnet or regtest: the UTXO core (<see cref="UtxoSettlementProvider"/>) with Dash's
/// parameters (<see cref="DashNetworks"/>): P2PKH payers, P2PKH and P2SH payees, the batch id in an OP_RETURN output,
/// fees at the relay floor of 1 duff per byte, final on an InstantSend lock (seconds) or a ChainLock, else after
/// <see cref="UtxoSettlementOptions.Confirmations"/> blocks, and child-pays-for-parent in place of replace-by-fee.
/// </summary>
/// <remarks>Thread-safe. See <see cref="UtxoSettlementProvider"/> for coin reservations, status and acceleration.</remarks>
public sealed class DashSettlementProvider : UtxoSettlementProvider
{
    /// <summary>Creates a provider.</summary>
    /// <param name="options">The options; validated here (every error at once).</param>
    /// <param name="backend">The node or API (Dash Core JSON-RPC, Insight, BlockCypher, or several at once).</param>
    /// <param name="reservations">Where coin reservations are recorded before signing (durable in production).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public DashSettlementProvider(
        DashOptions options,
        IUtxoBackend backend,
        ICoinReservationStore reservations,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : base(NetworkOf(options), options, backend, reservations, timeProvider, loggerFactory)
    {
    }

    private static UtxoNetwork NetworkOf(DashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = DashOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DashOptions), errors);
        }

        return DashNetworks.Get(options.Network);
    }
}
