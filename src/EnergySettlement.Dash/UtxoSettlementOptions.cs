using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;

namespace EnergySettlement.Dash;

/// <summary>
/// Configuration of a <see cref="UtxoSettlementProvider"/> on any Bitcoin-family network: the paying keys, the backend
/// and reservation store, finality, fees and batch limits. <see cref="DashOptions"/> adds the Dash network choice.
/// Validated by <see cref="UtxoSettlementOptionsValidator"/>, which reports every error at once.
/// </summary>
/// <remarks>Configure once at start-up; not thread-safe while being configured, read-only afterwards.</remarks>
public class UtxoSettlementOptions
{
    /// <summary>Gets the signers of the paying addresses: one P2PKH address per signer (compressed or uncompressed as its
    /// public key is). The provider pays from exactly these addresses (<see cref="ChainSettlementProvider.CanPayFrom"/>) and
    /// sends change back to the paying address. Keys may live in an HSM or KMS.</summary>
    /// <value>The default is empty, which fails validation.</value>
    public IList<ISigner> Signers { get; } = [];

    /// <summary>Gets or sets the node or API the provider reads coins and status from and broadcasts to. When
    /// <see langword="null"/>, <c>AddDash</c> uses the <see cref="IUtxoBackend"/> registered as a keyed service under the
    /// provider's name.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IUtxoBackend? Backend { get; set; }

    /// <summary>Gets or sets where coin reservations are recorded before signing. When <see langword="null"/>, the registered
    /// <see cref="ICoinReservationStore"/> is used (the SQLite or PostgreSQL store in production).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public ICoinReservationStore? ReservationStore { get; set; }

    /// <summary>Gets or sets the number of confirmations (the including block counts as one) after which a payment without
    /// an InstantSend lock or ChainLock is final.</summary>
    /// <value>The default is 6.</value>
    public int Confirmations { get; set; } = 6;

    /// <summary>Gets or sets whether an InstantSend lock makes a payment final, on networks that have InstantSend.</summary>
    /// <value>The default is <see langword="true"/>: a locked transaction cannot be double-spent, and the network
    /// (ChainLocks) will not build on a block that conflicts with it.</value>
    public bool FinalOnInstantSendLock { get; set; } = true;

    /// <summary>Gets or sets whether a ChainLock on the including block makes a payment final, on networks that have ChainLocks.</summary>
    /// <value>The default is <see langword="true"/>: a chain-locked block is never reorganised away.</value>
    public bool FinalOnChainLock { get; set; } = true;

    /// <summary>Gets or sets the fee rate, in smallest units per 1,000 bytes. When <see langword="null"/>, the network's
    /// minimum relay fee (1,000 duffs/kB on Dash: 1 duff per byte) — on Dash, where there is no fee market and
    /// InstantSend locks any transaction that pays the relay floor, that is the right rate. Never below the floor.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public long? FeeRatePerKilobyte { get; set; }

    /// <summary>Gets or sets the confirmation target, in blocks, for which the backend's fee estimate
    /// (<see cref="IUtxoBackend.EstimateFeeRateAsync"/>) is used when it is above <see cref="FeeRatePerKilobyte"/>; capped at
    /// <see cref="MaxFeeRatePerKilobyte"/>. When <see langword="null"/>, the backend is not asked and the rate is fixed, so a
    /// batch prepared again after a restart signs to the same bytes.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? FeeEstimateTargetBlocks { get; set; }

    /// <summary>Gets or sets the most the provider pays per 1,000 bytes, for estimates and for child-pays-for-parent.</summary>
    /// <value>The default is 10,000 (ten times Dash's relay floor).</value>
    public long MaxFeeRatePerKilobyte { get; set; } = 10_000;

    /// <summary>Gets or sets the fee rate, per 1,000 bytes, that a child-pays-for-parent transaction brings the parent and
    /// child together to. When <see langword="null"/>, twice the stuck transaction's own rate, and at least the current rate.
    /// Capped at <see cref="MaxFeeRatePerKilobyte"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public long? AccelerationFeeRatePerKilobyte { get; set; }

    /// <summary>Gets or sets the most inputs one transaction spends.</summary>
    /// <value>The default is 100. Together with the standard-size limit it bounds
    /// <see cref="ChainCapabilities.MaxPayoutsPerTransaction"/>.</value>
    public int MaxInputsPerTransaction { get; set; } = 100;

    /// <summary>Gets or sets the most payouts one transaction carries. When <see langword="null"/>, as many as fit the
    /// network's standard-size limit beside <see cref="MaxInputsPerTransaction"/> inputs, a change output and the memo
    /// (2,482 on Dash with the defaults).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? MaxPayoutsPerTransaction { get; set; }

    /// <summary>Gets or sets whether each transaction carries its settlement batch id in an OP_RETURN output (the id's
    /// ASCII bytes when it has at most the network's 80 data bytes, else its 32-byte SHA-256), so the payment can be found
    /// from the chain alone.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool WriteBatchReference { get; set; } = true;

    /// <summary>Gets or sets the confirmations a coin needs before it is spent. On networks with InstantSend, a coin whose
    /// transaction is InstantSend-locked counts as confirmed.</summary>
    /// <value>The default is 1. 0 spends unconfirmed coins, which a double-spend of their parent can take away.</value>
    public int MinimumCoinConfirmations { get; set; } = 1;
}
