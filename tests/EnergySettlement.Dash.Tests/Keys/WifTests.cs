using System.Text;
using System.Text.Json;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.TestVectors;

namespace EnergySettlement.Dash.Tests.Keys;

public sealed class WifTests
{
    [Fact]
    public void FromWif_DashCoreKeyTests_GiveTheirAddressesAndCompression()
    {
        using JsonDocument vectors = TestVectorFile.Open("dash-key-tests.json");
        foreach (var vector in vectors.RootElement.GetProperty("keys").EnumerateArray())
        {
            using var signer = WifKeySigner.FromWif(vector.GetProperty("wif").GetString()!, DashNetworks.Mainnet);

            Assert.Equal(vector.GetProperty("address").GetString(), signer.GetAddress(DashNetworks.Mainnet).ToString());
            Assert.Equal(vector.GetProperty("compressed").GetBoolean(), signer.IsCompressed);
            Assert.Equal(vector.GetProperty("wif").GetString(), signer.ToWif(DashNetworks.Mainnet));
        }
    }

    [Fact]
    public async Task SignDigest_DashCoreDeterministicSignatures_AreTheirDerBytes()
    {
        using JsonDocument vectors = TestVectorFile.Open("dash-key-tests.json");
        byte[] digest = Sha256d.Hash(Encoding.ASCII.GetBytes(vectors.RootElement.GetProperty("messageText").GetString()!));
        foreach (var vector in vectors.RootElement.GetProperty("keys").EnumerateArray())
        {
            using var signer = WifKeySigner.FromWif(vector.GetProperty("wif").GetString()!, DashNetworks.Mainnet);

            var signature = await signer.SignDigestAsync(digest);

            Assert.Equal(vector.GetProperty("derHex").GetString(), Hex.Encode(EcdsaSignature.FromCompact(signature.RS).ToDer()));
            Assert.Equal(vector.GetProperty("recoveryId").GetInt32(), signature.RecoveryId);
        }
    }

    [Theory]
    [InlineData(DashNetwork.Mainnet, true, "X")]
    [InlineData(DashNetwork.Mainnet, false, "7")]
    [InlineData(DashNetwork.Testnet, true, "c")]
    [InlineData(DashNetwork.Regtest, false, "9")]
    public void EncodeDecode_RoundTripsWithTheNetworksLeadingCharacter(DashNetwork which, bool compressed, string first)
    {
        var network = DashNetworks.Get(which);
        using var key = TestKeys.Key(7);

        string wif = Wif.Encode(key, compressed, network);
        using var decoded = Wif.Decode(wif, network, out bool decodedCompressed);

        Assert.StartsWith(first, wif, StringComparison.Ordinal);
        Assert.Equal(compressed, decodedCompressed);
        Assert.Equal(key.PublicKey, decoded.PublicKey);
    }

    [Fact]
    public void Decode_MistypedCharacter_ThrowsChecksumWithoutTheText()
    {
        using var key = TestKeys.Key(8);
        string wif = Wif.Encode(key, compressed: true, DashNetworks.Mainnet);
        string typo = wif[..10] + (wif[10] == 'A' ? 'B' : 'A') + wif[11..];

        var error = Assert.Throws<Base58ChecksumException>(() => Wif.Decode(typo, DashNetworks.Mainnet, out _));

        Assert.DoesNotContain(typo, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wif[..12], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TestnetKeyOnMainnet_ThrowsWrongNetwork()
    {
        using var key = TestKeys.Key(8);
        string wif = Wif.Encode(key, compressed: true, DashNetworks.Testnet);

        var error = Assert.Throws<WrongNetworkException>(() => Wif.Decode(wif, DashNetworks.Mainnet, out _));

        Assert.Equal(0xEF, error.ActualVersion);
        Assert.DoesNotContain(wif, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PayloadOfWrongLength_ThrowsLengthException()
    {
        var payload = new byte[35];
        payload[0] = DashNetworks.Mainnet.WifVersion;
        payload[1] = 1;

        var error = Assert.Throws<Base58LengthException>(() => Wif.Decode(Base58Check.Encode(payload), DashNetworks.Mainnet, out _));

        Assert.Equal(35, error.ActualLength);
    }

    [Fact]
    public void Decode_CompressionFlagNotOne_ThrowsFormatException()
    {
        var payload = new byte[34];
        payload[0] = DashNetworks.Mainnet.WifVersion;
        payload[32] = 7;
        payload[33] = 2;

        Assert.Throws<Base58CheckFormatException>(() => Wif.Decode(Base58Check.Encode(payload), DashNetworks.Mainnet, out _));
    }

    [Fact]
    public void Decode_ZeroKey_ThrowsFormatException()
    {
        var payload = new byte[33];
        payload[0] = DashNetworks.Mainnet.WifVersion;

        Assert.Throws<Base58CheckFormatException>(() => Wif.Decode(Base58Check.Encode(payload), DashNetworks.Mainnet, out _));
    }

    [Fact]
    public void ToString_ShowsNoKeyMaterial()
    {
        using var signer = TestKeys.Signer(11);
        string wif = signer.ToWif(DashNetworks.Mainnet);

        Assert.DoesNotContain(wif, signer.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("WifKeySigner(hash160 ", signer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignDigest_AfterDispose_ThrowsObjectDisposed()
    {
        var signer = TestKeys.Signer(12);
        signer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await signer.SignDigestAsync(new byte[32]));
    }
}
