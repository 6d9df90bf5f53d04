using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Dash.Fees;

namespace EnergySettlement.Dash.Networks;

/// <summary>
/// What makes one Bitcoin-family chain differ from another for the UTXO core: address and WIF version bytes, relay and
/// dust policy, size limits, and the finality signals it has. Dash mainnet, testnet and regtest ship in
/// <see cref="DashNetworks"/>; another legacy-P2PKH chain (Litecoin, Dogecoin, Bitcoin legacy addresses) is one more
/// instance of this record plus a backend.
/// </summary>
/// <remarks>
/// <para>Amounts are in the chain's smallest unit (duffs on Dash, satoshis on Bitcoin). The defaults are Bitcoin Core's
/// and Dash Core's policy values (<c>src/policy/policy.h</c>): minimum relay fee 1,000 per kB, dust relay fee 3,000 per kB,
/// standard size below 100,000 bytes, 80 bytes of OP_RETURN data.</para>
/// <para>Immutable and thread-safe. <see cref="Errors"/> lists what is inconsistent; the providers refuse such a network.</para>
/// </remarks>
public sealed record UtxoNetwork
{
    /// <summary>Gets a short name for logs and messages (for example <c>dash-mainnet</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the CAIP-2 chain id: <c>bip122:</c> and the first 32 hex digits of the genesis block hash.</summary>
    public required ChainId ChainId { get; init; }

    /// <summary>Gets the native coin (its CAIP-19 id is on <see cref="ChainId"/>; 8 decimals on Bitcoin-family chains).</summary>
    public required Asset NativeAsset { get; init; }

    /// <summary>Gets the Base58Check version byte of pay-to-public-key-hash addresses (0x4C on Dash mainnet).</summary>
    public required byte PublicKeyHashVersion { get; init; }

    /// <summary>Gets the Base58Check version byte of pay-to-script-hash addresses (0x10 on Dash mainnet).</summary>
    public required byte ScriptHashVersion { get; init; }

    /// <summary>Gets the Base58Check version byte of WIF private keys (0xCC on Dash mainnet).</summary>
    public required byte WifVersion { get; init; }

    /// <summary>Gets the typical time between blocks.</summary>
    public required TimeSpan BlockTime { get; init; }

    /// <summary>Gets the node's minimum relay fee: a transaction paying less is not relayed.</summary>
    /// <value>The default is 1,000 per kB (<c>DEFAULT_MIN_RELAY_TX_FEE</c>).</value>
    public FeeRate MinRelayFee { get; init; } = new(1000);

    /// <summary>Gets the rate that defines dust: an output worth less than the fee of spending it at this rate is not
    /// relayed (see <see cref="GetDustThreshold"/>).</summary>
    /// <value>The default is 3,000 per kB (<c>DUST_RELAY_TX_FEE</c>): 546 for a P2PKH output.</value>
    public FeeRate DustRelayFee { get; init; } = new(3000);

    /// <summary>Gets a hard floor on every spendable output's value, for chains whose dust rule is a fixed amount (Dogecoin's
    /// 0.01 DOGE); the dust threshold is the larger of this and the dust-relay-fee rule.</summary>
    /// <value>The default is 0 (no fixed floor).</value>
    public long MinimumOutputValue { get; init; }

    /// <summary>Gets the size a standard transaction must stay below, in bytes (nodes refuse a transaction of this size or more).</summary>
    /// <value>The default is 100,000 (<c>MAX_STANDARD_TX_SIZE</c>).</value>
    public int MaxStandardTransactionSize { get; init; } = 100_000;

    /// <summary>Gets the most data bytes one OP_RETURN output may carry (one such output per transaction).</summary>
    /// <value>The default is 80 (a script of at most 83 bytes, <c>MAX_OP_RETURN_RELAY</c>).</value>
    public int MaxDataCarrierBytes { get; init; } = 80;

    /// <summary>Gets whether masternode quorums lock transactions within seconds (Dash InstantSend, DIP-0010).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool HasInstantSend { get; init; }

    /// <summary>Gets whether masternode quorums lock blocks (Dash ChainLocks, DIP-0008), which can then never be reorganised away.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool HasChainLocks { get; init; }

    /// <summary>Gets whether version-3 transactions with a non-zero type carry an extra payload (Dash special transactions, DIP-0002).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool HasSpecialTransactions { get; init; }

    /// <summary>Gets the typical time from broadcast to an InstantSend lock, when <see cref="HasInstantSend"/>.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan InstantLockTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The dust threshold of an output with a locking script of <paramref name="scriptPubKeyLength"/> bytes: the fee, at
    /// <see cref="DustRelayFee"/> and rounded toward zero as Dash Core's <c>GetDustThreshold</c> does, of the output's own
    /// serialised size plus the 148 bytes of a typical input that spends it — and at least <see cref="MinimumOutputValue"/>.
    /// 546 for a P2PKH output (34 bytes) on Dash.
    /// </summary>
    /// <param name="scriptPubKeyLength">The locking script's length in bytes.</param>
    /// <returns>The smallest value the output may have.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative.</exception>
    public long GetDustThreshold(int scriptPubKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scriptPubKeyLength);
        long outputSize = 8 + Transactions.VarInt.SizeOf((ulong)scriptPubKeyLength) + scriptPubKeyLength;
        long spendSize = outputSize + 148;
        long fee = DustRelayFee.PerKilobyte * spendSize / 1000;
        if (fee == 0 && DustRelayFee.PerKilobyte > 0)
        {
            fee = 1;
        }

        return Math.Max(fee, MinimumOutputValue);
    }

    /// <summary>Lists what is inconsistent in the parameters (empty when the network is usable).</summary>
    /// <returns>The problems, each naming the parameter.</returns>
    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("Name must be set.");
        }

        if (ChainId == default)
        {
            errors.Add("ChainId must name the chain (bip122:<first 32 hex digits of the genesis hash>).");
        }
        else if (NativeAsset is not null && NativeAsset.Id.ChainId != ChainId)
        {
            errors.Add($"NativeAsset {NativeAsset.Id} is not on chain {ChainId}.");
        }

        if (NativeAsset is null)
        {
            errors.Add("NativeAsset must be set.");
        }

        if (PublicKeyHashVersion == ScriptHashVersion)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"PublicKeyHashVersion and ScriptHashVersion must differ; both are 0x{PublicKeyHashVersion:X2}."));
        }

        if (BlockTime <= TimeSpan.Zero)
        {
            errors.Add($"BlockTime must be positive; found {BlockTime}.");
        }

        if (MinimumOutputValue < 0)
        {
            errors.Add($"MinimumOutputValue must not be negative; found {MinimumOutputValue}.");
        }

        if (MaxStandardTransactionSize < 1000)
        {
            errors.Add($"MaxStandardTransactionSize must be at least 1,000 bytes; found {MaxStandardTransactionSize}.");
        }

        if (MaxDataCarrierBytes is < 0 or > 520)
        {
            errors.Add($"MaxDataCarrierBytes must be 0 to 520; found {MaxDataCarrierBytes}.");
        }

        if (HasInstantSend && InstantLockTime <= TimeSpan.Zero)
        {
            errors.Add($"InstantLockTime must be positive; found {InstantLockTime}.");
        }

        return errors;
    }

    /// <summary>Returns the name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
