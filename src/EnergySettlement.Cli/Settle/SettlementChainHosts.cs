using EnergySettlement.Cli.Input;
using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Sqlite;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Cli.Settle;

/// <summary>Opens the chain a settlement config names, by its kind: one line per kind.</summary>
internal static class SettlementChainHosts
{
    /// <summary>Opens the chain for a rehearsal: nothing is written to it (a simulated chain's state file is not created),
    /// nothing is signed, and an Ethereum provider keeps its nonce bookkeeping in memory, so not even that touches the journal.</summary>
    /// <param name="config">The config.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The chain; dispose it.</returns>
    public static async Task<ISettlementChainHost> OpenForRehearsalAsync(SettlementConfig config, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        config.Simulated is not null ? SimulatedChainHost.OpenReadOnly(config, time)
        : config.Dash is not null ? await DashChainHost.OpenAsync(config, new InMemoryCoinReservationStore(), loggerFactory, cancellationToken).ConfigureAwait(false)
        : await EthereumChainHost.OpenAsync(config, new InMemorySequencedTransactionStore(), loggerFactory, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens the chain to pay on, recording nonces and signed bytes in the journal.</summary>
    /// <param name="config">The config.</param>
    /// <param name="journal">The settlement journal, also the store of nonces and signed bytes (Ethereum) and of coin
    /// reservations (Dash).</param>
    /// <param name="mustExist">Whether a simulated chain's missing state file is an error (<c>recover</c>).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The chain; dispose it.</returns>
    public static async Task<ISettlementChainHost> OpenAsync(SettlementConfig config, SqliteJournal journal, bool mustExist, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        config.Simulated is not null ? SimulatedChainHost.Open(config, time, mustExist)
        : config.Dash is not null ? await DashChainHost.OpenAsync(config, journal, loggerFactory, cancellationToken).ConfigureAwait(false)
        : await EthereumChainHost.OpenAsync(config, journal, loggerFactory, cancellationToken).ConfigureAwait(false);
}
