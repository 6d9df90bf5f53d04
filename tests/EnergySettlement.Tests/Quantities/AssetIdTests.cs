namespace EnergySettlement.Tests.Quantities;

public sealed class AssetIdTests
{
    [Theory]
    [InlineData("eip155:1/slip44:60", "eip155:1", "slip44", "60")]
    [InlineData("eip155:1/erc20:0x6b175474e89094c44da98b954eedeac495271d0f", "eip155:1", "erc20", "0x6b175474e89094c44da98b954eedeac495271d0f")]
    [InlineData("bip122:00000ffd590b1485b3caadc19b22e637/slip44:5", "bip122:00000ffd590b1485b3caadc19b22e637", "slip44", "5")]
    public void Parse_Valid_SplitsParts(string text, string chain, string assetNamespace, string reference)
    {
        var id = AssetId.Parse(text);
        Assert.Equal(chain, id.ChainId.ToString());
        Assert.Equal(assetNamespace, id.AssetNamespace);
        Assert.Equal(reference, id.AssetReference);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("eip155:1")]
    [InlineData("/slip44:60")]
    [InlineData("eip155:1/slip44")]
    [InlineData("eip155:1/sl:60")]
    [InlineData("eip155:1/SLIP44:60")]
    [InlineData("eip155:1/slip44:")]
    [InlineData("eip155:1/slip44:6/0")]
    [InlineData("EIP155:1/slip44:60")]
    [InlineData("eip155/slip44:60")]
    public void Parse_Invalid_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => AssetId.Parse(text));

    [Fact]
    public void Parse_ReferenceTooLong_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => AssetId.Parse("eip155:1/erc20:" + new string('a', 129)));

    [Fact]
    public void Parse_ReferenceAtMaxLength_IsAccepted() =>
        Assert.Equal(128, AssetId.Parse("eip155:1/erc20:" + new string('a', 128)).AssetReference.Length);

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(AssetId.TryParse(null, out _));

    [Fact]
    public void Equals_IsOrdinal() =>
        Assert.NotEqual(AssetId.Parse("eip155:1/erc20:0xAB"), AssetId.Parse("eip155:1/erc20:0xab"));

    [Fact]
    public void Default_ToString_IsEmptyAndPartsThrow()
    {
        AssetId id = default;
        Assert.Equal(string.Empty, id.ToString());
        Assert.Throws<InvalidOperationException>(() => id.AssetNamespace);
    }
}
