using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Ethereum.Tests.Accounts;

public sealed class EthereumAddressTests
{
    // The examples listed in EIP-55 itself.
    public static TheoryData<string> Eip55Examples => new()
    {
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    };

    public static TheoryData<string> Eip55MixedCaseExamples => new()
    {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    };

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void Parse_Eip55Example_IsAccepted(string text)
    {
        Assert.True(EthereumAddress.TryParse(text, out EthereumAddress address));
        Assert.Equal(address, EthereumAddress.Parse(text));
    }

    [Theory]
    [MemberData(nameof(Eip55MixedCaseExamples))]
    public void ToString_Eip55MixedCaseExample_ReproducesChecksum(string text)
    {
        EthereumAddress fromLower = EthereumAddress.Parse(text.ToLowerInvariant());
        EthereumAddress fromUpper = EthereumAddress.Parse("0x" + text[2..].ToUpperInvariant());

        Assert.Equal(text, fromLower.ToString());
        Assert.Equal(text, fromUpper.ToString());
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // last letter's case flipped
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // second letter's case flipped
    [InlineData("0xfb6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    public void Parse_MixedCaseWithWrongChecksum_ThrowsFormatException(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => EthereumAddress.Parse(text));

        Assert.Contains("EIP-55 checksum", error.Message, StringComparison.Ordinal);
        Assert.False(EthereumAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // no 0x
    [InlineData("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // upper-case prefix
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")] // 39 digits
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00")] // 42 digits
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")] // not hex
    [InlineData(" 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")] // white space
    public void Parse_Malformed_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => EthereumAddress.Parse(text));
        Assert.False(EthereumAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData("4646464646464646464646464646464646464646464646464646464646464646", "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")] // EIP-155 example sender
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")]
    public void FromPublicKey_KnownKey_GivesKnownAddress(string privateKeyHex, string expected)
    {
        using Secp256k1PrivateKey key = Secp256k1PrivateKey.FromBytes(Convert.FromHexString(privateKeyHex));

        Assert.Equal(expected, EthereumAddress.FromPublicKey(key.PublicKey).ToString());
    }

    [Fact]
    public void FromBytes_RoundTrip_KeepsBytesAndFormats()
    {
        byte[] bytes = Convert.FromHexString("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        EthereumAddress address = EthereumAddress.FromBytes(bytes);

        Assert.Equal(bytes, address.ToArray());
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", address.ToString("x", null));
        Assert.Equal("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", address.ToString("X", null));
        Assert.Throws<ArgumentException>(() => EthereumAddress.FromBytes(new byte[19]));
    }

    [Fact]
    public void Zero_IsDefaultAndFormatsAsZeros()
    {
        Assert.Equal(default, EthereumAddress.Zero);
        Assert.Equal("0x0000000000000000000000000000000000000000", EthereumAddress.Zero.ToString());
        Assert.NotEqual(EthereumAddress.Zero, EthereumAddress.Parse("0x0000000000000000000000000000000000000001"));
    }
}
