using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.TestVectors;

namespace EnergySettlement.Dash.Tests.Addresses;

public sealed class UtxoAddressTests
{
    [Fact]
    public void Parse_DashCoreKeyTestsAddresses_AreMainnetP2pkhAndRoundTrip()
    {
        using JsonDocument vectors = TestVectorFile.Open("dash-key-tests.json");
        foreach (var key in vectors.RootElement.GetProperty("keys").EnumerateArray())
        {
            string text = key.GetProperty("address").GetString()!;

            var address = UtxoAddress.Parse(text, DashNetworks.Mainnet);

            Assert.Equal(AddressKind.PayToPublicKeyHash, address.Kind);
            Assert.Equal(text, address.ToString());
        }
    }

    [Fact]
    public void Parse_DashCoreBadChecksumAddress_ThrowsChecksumException()
    {
        using JsonDocument vectors = TestVectorFile.Open("dash-key-tests.json");
        string bad = vectors.RootElement.GetProperty("badAddress").GetString()!;

        var error = Assert.Throws<Base58ChecksumException>(() => UtxoAddress.Parse(bad, DashNetworks.Mainnet));

        Assert.DoesNotContain(bad, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TestnetAddressOnMainnet_ThrowsWrongNetworkNamingBoth()
    {
        string testnet = UtxoAddress.FromPublicKey(TestKeys.Key(1).PublicKey.ToCompressed(), DashNetworks.Testnet).ToString();

        var error = Assert.Throws<WrongNetworkException>(() => UtxoAddress.Parse(testnet, DashNetworks.Mainnet));

        Assert.Equal("dash-mainnet", error.ExpectedNetwork);
        Assert.Equal(0x8C, error.ActualVersion);
        Assert.Contains("dash-testnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BitcoinAddress_ThrowsWrongNetwork()
    {
        var error = Assert.Throws<WrongNetworkException>(() => UtxoAddress.Parse("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", DashNetworks.Mainnet));

        Assert.Equal(0x00, error.ActualVersion);
    }

    [Fact]
    public void Parse_PayloadOfWrongLength_ThrowsLengthException()
    {
        var payload = new byte[22];
        payload[0] = DashNetworks.Mainnet.PublicKeyHashVersion;
        string text = Base58Check.Encode(payload);

        var error = Assert.Throws<Base58LengthException>(() => UtxoAddress.Parse(text, DashNetworks.Mainnet));

        Assert.Equal(22, error.ActualLength);
    }

    [Fact]
    public void Parse_NotBase58_ThrowsFormatExceptionOfTheBaseType()
    {
        var error = Assert.Throws<Base58CheckFormatException>(() => UtxoAddress.Parse("X0OIl", DashNetworks.Mainnet));

        Assert.IsType<Base58CheckFormatException>(error);
    }

    [Fact]
    public void TryParse_InvalidText_ReturnsFalse()
    {
        Assert.False(UtxoAddress.TryParse("Xta1praZQjyELweyMByXyiREw1ZRsjXzVP", DashNetworks.Mainnet, out _));
        Assert.False(UtxoAddress.TryParse(null, DashNetworks.Mainnet, out _));
    }

    [Fact]
    public void FromPublicKey_CompressedAndUncompressed_AreDifferentAddressesOfOneKey()
    {
        var key = TestKeys.Key(3).PublicKey;

        var compressed = UtxoAddress.FromPublicKey(key.ToCompressed(), DashNetworks.Mainnet);
        var uncompressed = UtxoAddress.FromPublicKey(key.ToUncompressed(), DashNetworks.Mainnet);

        Assert.NotEqual(compressed, uncompressed);
        Assert.StartsWith("X", compressed.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("X", uncompressed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromPublicKey_NotSec1_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => UtxoAddress.FromPublicKey(new byte[33], DashNetworks.Mainnet));

    [Theory]
    [InlineData(DashNetwork.Mainnet, "7")]
    [InlineData(DashNetwork.Testnet, "8")]
    public void FromRedeemScript_StartsWithTheNetworksP2shCharacter(DashNetwork network, string first)
    {
        var address = UtxoAddress.FromRedeemScript([0x51], DashNetworks.Get(network));

        Assert.Equal(AddressKind.PayToScriptHash, address.Kind);
        Assert.StartsWith(first, address.ToString(), StringComparison.Ordinal);
        Assert.Equal(address, UtxoAddress.Parse(address.ToString(), DashNetworks.Get(network)));
    }

    [Fact]
    public void TryFromScriptPubKey_P2pkhAndP2shScripts_GiveTheirAddresses()
    {
        var p2pkh = UtxoAddress.FromPublicKey(TestKeys.Key(4).PublicKey.ToCompressed(), DashNetworks.Testnet);
        var p2sh = UtxoAddress.FromRedeemScript([0x52, 0x53], DashNetworks.Testnet);

        Assert.True(UtxoAddress.TryFromScriptPubKey(p2pkh.GetScriptPubKey(), DashNetworks.Testnet, out var a));
        Assert.True(UtxoAddress.TryFromScriptPubKey(p2sh.GetScriptPubKey(), DashNetworks.Testnet, out var b));
        Assert.False(UtxoAddress.TryFromScriptPubKey([0x6a, 0x01, 0x00], DashNetworks.Testnet, out _));
        Assert.Equal(p2pkh, a);
        Assert.Equal(p2sh, b);
        Assert.Equal("76a914" + Hex.Encode(p2pkh.Hash) + "88ac", Hex.Encode(p2pkh.GetScriptPubKey()));
        Assert.Equal("a914" + Hex.Encode(p2sh.Hash) + "87", Hex.Encode(p2sh.GetScriptPubKey()));
    }

    [Fact]
    public void Equality_SameHashOnAnotherNetwork_IsNotEqual()
    {
        var key = TestKeys.Key(5).PublicKey.ToCompressed();

        Assert.NotEqual(UtxoAddress.FromPublicKey(key, DashNetworks.Mainnet), UtxoAddress.FromPublicKey(key, DashNetworks.Testnet));
        Assert.Equal(UtxoAddress.FromPublicKey(key, DashNetworks.Testnet).ToString(), UtxoAddress.FromPublicKey(key, DashNetworks.Regtest).ToString());
    }

    [Fact]
    public void ValidateAccount_BadChecksumThroughTheProvider_ThrowsInvalidAddressWithTheReason()
    {
        using var f = new Provider.ProviderFixture();
        var registry = new ChainProviderRegistry([f.Provider]);
        string good = f.AddressA.ToString();
        string typo = good[..^1] + (good[^1] == 'a' ? 'b' : 'a');

        var error = Assert.Throws<InvalidAddressException>(() => registry.ValidateAccount(SettlementAccount.Create(f.Network.ChainId, typo)));

        Assert.Contains("checksum", error.Reason, StringComparison.Ordinal);
        registry.ValidateAccount(SettlementAccount.Create(f.Network.ChainId, good));
    }

    [Fact]
    public void ValidateAccount_MainnetAddressOnRegtest_ThrowsInvalidAddressNamingTheNetwork()
    {
        using var f = new Provider.ProviderFixture();
        string mainnet = UtxoAddress.FromPublicKey(TestKeys.Key(9).PublicKey.ToCompressed(), DashNetworks.Mainnet).ToString();

        var error = Assert.Throws<InvalidAddressException>(() => f.Provider.ValidateAddress(SettlementAccount.Create(f.Network.ChainId, mainnet)));

        Assert.Contains("dash-regtest", error.Reason, StringComparison.Ordinal);
    }
}
