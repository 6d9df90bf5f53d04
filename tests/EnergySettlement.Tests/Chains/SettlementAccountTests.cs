using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

public sealed class SettlementAccountTests
{
    [Theory]
    [InlineData("eip155:1:0xab16a96D359eC26a11e2C2b3d8f8B8942d5Bfcdb", "eip155:1", "0xab16a96D359eC26a11e2C2b3d8f8B8942d5Bfcdb")]
    [InlineData("bip122:00000ffd590b1485b3caadc19b22e637:XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F", "bip122:00000ffd590b1485b3caadc19b22e637", "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F")]
    [InlineData("abc:x:a.b%20-c", "abc:x", "a.b%20-c")]
    public void Parse_Valid_SplitsChainAndAddress(string text, string chain, string address)
    {
        var account = SettlementAccount.Parse(text);
        Assert.Equal(ChainId.Parse(chain), account.ChainId);
        Assert.Equal(address, account.Address);
        Assert.Equal(text, account.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0xab16")]
    [InlineData("eip155:0xab16")]
    [InlineData("eip155:1:")]
    [InlineData("eip155:1:0xab/16")]
    [InlineData("eip155:1:0xab 16")]
    [InlineData("EIP155:1:0xab16")]
    [InlineData(":1:0xab16")]
    public void Parse_Invalid_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => SettlementAccount.Parse(text));

    [Fact]
    public void Parse_AddressOf129_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => SettlementAccount.Parse("eip155:1:" + new string('a', 129)));

    [Fact]
    public void Parse_AddressOf128_IsAccepted() =>
        Assert.Equal(128, SettlementAccount.Parse("eip155:1:" + new string('a', 128)).Address.Length);

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(SettlementAccount.TryParse(null, out _));

    [Fact]
    public void Create_Valid_EqualsParsed() =>
        Assert.Equal(SettlementAccount.Parse("eip155:1:0xab"), SettlementAccount.Create(ChainId.Parse("eip155:1"), "0xab"));

    [Fact]
    public void Create_DefaultChain_Throws() => Assert.Throws<ArgumentException>(() => SettlementAccount.Create(default, "0xab"));

    [Theory]
    [InlineData("")]
    [InlineData("0x:ab")]
    [InlineData("ab cd")]
    public void Create_BadAddress_Throws(string address) =>
        Assert.Throws<ArgumentException>(() => SettlementAccount.Create(ChainId.Parse("eip155:1"), address));

    [Fact]
    public void Equality_AddressIsCaseSensitive() =>
        Assert.NotEqual(SettlementAccount.Parse("eip155:1:0xAB"), SettlementAccount.Parse("eip155:1:0xab"));

    [Fact]
    public void Equality_SameAddressOtherChain_AreNotEqual() =>
        Assert.NotEqual(SettlementAccount.Parse("eip155:1:0xab"), SettlementAccount.Parse("eip155:5:0xab"));

    [Fact]
    public void Default_ToStringIsEmptyAndAddressThrows()
    {
        Assert.Equal(string.Empty, default(SettlementAccount).ToString());
        Assert.Throws<InvalidOperationException>(() => default(SettlementAccount).Address);
    }
}
