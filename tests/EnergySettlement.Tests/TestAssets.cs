using EnergySettlement.Chains;

namespace EnergySettlement.Tests;

/// <summary>Assets, chains and accounts the tests share.</summary>
internal static class TestAssets
{
    public static ChainId Ethereum { get; } = ChainId.Parse("eip155:1");

    public static ChainId Dash { get; } = ChainId.Parse("bip122:00000ffd590b1485b3caadc19b22e637");

    public static Asset Ether { get; } = new(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");

    public static Asset DashCoin { get; } = new(AssetId.Parse("bip122:00000ffd590b1485b3caadc19b22e637/slip44:5"), 8, "DASH");

    public static Asset Usdc { get; } = new(AssetId.Parse("eip155:1/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), 6, "USDC");

    /// <summary>An asset with no decimals, so amounts read as plain integers in rounding tests.</summary>
    public static Asset Unit { get; } = new(AssetId.Parse("eip155:1/erc20:0x0000000000000000000000000000000000000001"), 0, "UNIT");

    public static SettlementAccount EthAccount(int n) =>
        SettlementAccount.Create(Ethereum, "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture));

    public static Money Usd(long microUnits) => new(microUnits, Usdc);

    public static Money Units(Int128 amount) => new(amount, Unit);
}
