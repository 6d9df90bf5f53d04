using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash.Tests.ChainAdapterTutorial;

/// <summary>
/// Step 2: the provider is the UTXO core on Litecoin's parameters. Coin selection and reservations, signing through
/// ISigner, the OP_RETURN batch reference, status by confirmations (Litecoin has no InstantSend), child-pays-for-parent
/// and every typed error come from <see cref="UtxoSettlementProvider"/>.
/// </summary>
public sealed class LitecoinSettlementProvider(
    UtxoSettlementOptions options,
    IUtxoBackend backend,
    ICoinReservationStore reservations,
    TimeProvider? timeProvider = null,
    ILoggerFactory? loggerFactory = null)
    : UtxoSettlementProvider(LitecoinNetworks.Mainnet, options, backend, reservations, timeProvider, loggerFactory);
