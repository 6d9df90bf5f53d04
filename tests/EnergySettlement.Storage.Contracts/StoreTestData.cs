using System.Globalization;
using EnergySettlement.Chains;

namespace EnergySettlement.Storage.Contracts;

/// <summary>Chains, assets, accounts and ids the storage contract suites share.</summary>
public static class StoreTestData
{
    /// <summary>Gets Ethereum mainnet.</summary>
    public static ChainId Ethereum { get; } = ChainId.Parse("eip155:1");

    /// <summary>Gets Dash mainnet.</summary>
    public static ChainId Dash { get; } = ChainId.Parse("bip122:00000ffd590b1485b3caadc19b22e637");

    /// <summary>Gets DASH (8 decimals).</summary>
    public static Asset DashCoin { get; } = new(AssetId.Parse("bip122:00000ffd590b1485b3caadc19b22e637/slip44:5"), 8, "DASH");

    /// <summary>Gets ether (18 decimals), for amounts beyond 64 bits.</summary>
    public static Asset Ether { get; } = new(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");

    /// <summary>Gets an instant with a non-UTC offset, so stores must keep the offset.</summary>
    public static DateTimeOffset At { get; } = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    /// <summary>An Ethereum account numbered <paramref name="n"/>.</summary>
    /// <param name="n">The number.</param>
    /// <returns>The account.</returns>
    public static SettlementAccount EthAccount(int n) =>
        SettlementAccount.Create(Ethereum, "0x" + n.ToString("x40", CultureInfo.InvariantCulture));

    /// <summary>A Dash address numbered <paramref name="n"/> (syntax only: stores do not check chain rules).</summary>
    /// <param name="n">The number.</param>
    /// <returns>The account.</returns>
    public static SettlementAccount DashAccount(int n) =>
        SettlementAccount.Create(Dash, "X" + n.ToString("D33", CultureInfo.InvariantCulture));

    /// <summary>A Dash transaction id numbered <paramref name="n"/>, under an optional namespace tag.</summary>
    /// <param name="n">The number.</param>
    /// <param name="tag">A short alphanumeric tag that keeps ids of different samples apart.</param>
    /// <returns>The id.</returns>
    public static ChainTransactionId DashTxId(int n, string tag = "") =>
        new(tag + n.ToString("x64", CultureInfo.InvariantCulture)[tag.Length..]);

    /// <summary>A coin of <paramref name="owner"/> worth <paramref name="duffs"/>.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="transaction">The transaction number.</param>
    /// <param name="index">The output index.</param>
    /// <param name="duffs">The value in duffs.</param>
    /// <param name="tag">The id namespace tag.</param>
    /// <returns>The coin.</returns>
    public static EnergySettlement.Coins.ReservedCoin Coin(SettlementAccount owner, int transaction, uint index, long duffs = 100_000, string tag = "") => new()
    {
        Owner = owner,
        OutPoint = new EnergySettlement.Coins.OutPoint(DashTxId(transaction, tag), index),
        Amount = new Money(duffs, DashCoin),
    };

    /// <summary>Bytes of length <paramref name="length"/> filled from <paramref name="seed"/>, for payloads that differ.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="length">The length.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Bytes(int seed, int length = 24)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
