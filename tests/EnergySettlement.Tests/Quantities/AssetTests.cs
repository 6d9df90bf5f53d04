namespace EnergySettlement.Tests.Quantities;

public sealed class AssetTests
{
    private static readonly AssetId EtherId = AssetId.Parse("eip155:1/slip44:60");

    [Fact]
    public void Constructor_Valid_SetsUnitsPerWhole()
    {
        var asset = new Asset(EtherId, 18, "ETH");
        Assert.Equal(Int128.Parse("1000000000000000000", System.Globalization.CultureInfo.InvariantCulture), asset.UnitsPerWhole);
    }

    [Fact]
    public void Constructor_MaxDecimals_IsAccepted() =>
        Assert.Equal(Int128.Parse("1" + new string('0', 30), System.Globalization.CultureInfo.InvariantCulture), new Asset(EtherId, Asset.MaxDecimals, "X").UnitsPerWhole);

    [Fact]
    public void Constructor_DefaultId_Throws() =>
        Assert.Throws<ArgumentException>(() => new Asset(default, 8, "X"));

    [Theory]
    [InlineData(-1)]
    [InlineData(31)]
    public void Constructor_DecimalsOutOfRange_Throws(int decimals) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Asset(EtherId, decimals, "X"));

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHIJKL")]
    [InlineData("E-TH")]
    [InlineData("ÉTH")]
    [InlineData("E TH")]
    public void Constructor_BadSymbol_Throws(string symbol) =>
        Assert.Throws<ArgumentException>(() => new Asset(EtherId, 18, symbol));

    [Fact]
    public void Equals_SameIdAndDecimalsDifferentSymbol_AreEqual()
    {
        var a = new Asset(EtherId, 18, "ETH");
        var b = new Asset(EtherId, 18, "WEI18");
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentDecimals_AreNotEqual() =>
        Assert.True(new Asset(EtherId, 18, "ETH") != new Asset(EtherId, 9, "ETH"));

    [Fact]
    public void ToString_ShowsSymbolAndId() => Assert.Equal("ETH (eip155:1/slip44:60)", new Asset(EtherId, 18, "ETH").ToString());
}
