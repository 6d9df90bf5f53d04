using EnergySettlement.Ethereum.Contracts;

namespace EnergySettlement.Ethereum.Fees;

/// <summary>
/// Gas figures of the batch-settlement contracts, measured on Anvil by the test suite
/// (tests/EnergySettlement.Ethereum.Tests/Gas, table in docs/ethereum.md) and rounded up: the quote's fallback when the
/// node cannot estimate (payer not funded or approved yet), the typical fee, and the batch size the block gas limit allows.
/// </summary>
internal static class SettlementGas
{
    /// <summary>EIP-7825 (Osaka) caps one transaction at 2^24 gas, whatever the block gas limit.</summary>
    public const ulong TransactionGasCap = 16_777_216;

    /// <summary>A batch transaction takes at most this share of a block (percent), so it still fits next to other traffic.</summary>
    public const int MaxBlockSharePercent = 50;

    /// <summary>The payouts the capacity calculation never exceeds (the options validator's upper bound too).</summary>
    public const int MaxPayoutsLimit = 1000;

    /// <summary>Gas of a batch outside its payouts (intrinsic 21,000, the call, the once-only flag on a fresh word or slot,
    /// events), rounded up from the measured worst case (docs/ethereum.md, "Gas").</summary>
    public static ulong BaseGas(BatchSettlementVersion version, bool token) => (version, token) switch
    {
        (BatchSettlementVersion.V2, false) => 50_000, // measured 30,714 + 17,100 for a fresh word
        (BatchSettlementVersion.V2, true) => 75_000, // measured 49,477 + 17,100
        (_, false) => 60_000, // version 1, measured 48,573
        _ => 65_000, // version 1, measured 58,362
    };

    /// <summary>Gas per payout to a fresh payee (a new account or a first token balance: the worst case), rounded up from the
    /// measured marginal cost; with references, for references of up to 64 characters.</summary>
    public static ulong PerPayoutGas(BatchSettlementVersion version, bool token, bool references) => (version, token, references) switch
    {
        (BatchSettlementVersion.V2, false, false) => 36_000, // measured 34,959
        (BatchSettlementVersion.V2, true, false) => 27_000, // measured 26,082
        (BatchSettlementVersion.V2, false, true) => 45_000, // measured 38,574 with 18-character references
        (BatchSettlementVersion.V2, true, true) => 36_000, // measured 29,701 with 18-character references
        (_, false, _) => 50_000, // version 1, measured 39,744 with 18-character references
        _ => 45_000, // version 1, measured 32,249 (a token that does not update a maximal allowance)
    };

    /// <summary>Fallback gas of a batch of <paramref name="payouts"/> payouts.</summary>
    public static ulong Estimate(BatchSettlementVersion version, bool token, bool references, int payouts) =>
        BaseGas(version, token) + (PerPayoutGas(version, token, references) * (ulong)payouts);

    /// <summary>The most gas one batch transaction may use: half the block gas limit, at most the EIP-7825 cap.</summary>
    public static ulong MaxTransactionGas(ulong blockGasLimit) => Math.Min(blockGasLimit / 100 * MaxBlockSharePercent, TransactionGasCap);

    /// <summary>
    /// The most payouts one transaction carries: the payouts (each at the worst case, fresh payees, of ether and token) whose
    /// gas plus the estimate headroom fits <see cref="MaxTransactionGas"/>, at most <see cref="MaxPayoutsLimit"/>.
    /// </summary>
    public static int MaxPayouts(ulong blockGasLimit, int headroomPercent, BatchSettlementVersion version, bool references)
    {
        var usable = MaxTransactionGas(blockGasLimit) * 100 / (ulong)(100 + headroomPercent);
        var baseGas = Math.Max(BaseGas(version, token: false), BaseGas(version, token: true));
        var perPayout = Math.Max(PerPayoutGas(version, token: false, references), PerPayoutGas(version, token: true, references));
        if (usable <= baseGas + perPayout)
        {
            return 1;
        }

        return (int)Math.Min((ulong)MaxPayoutsLimit, (usable - baseGas) / perPayout);
    }
}
