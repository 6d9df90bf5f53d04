using BenchmarkDotNet.Attributes;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;

namespace EnergySettlement.Crypto.Benchmarks.Dash;

/// <summary>Deriving and parsing P2PKH addresses and WIF keys, against the plain baseline of the Hash160 alone.</summary>
[MemoryDiagnoser]
public class AddressDerivationBenchmarks
{
    private readonly byte[] _hash = new byte[20];
    private byte[] _publicKey = null!;
    private string _address = null!;
    private string _wif = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = DashBenchmarkData.Key(3);
        _publicKey = new byte[33];
        key.PublicKey.WriteCompressed(_publicKey);
        _address = UtxoAddress.FromPublicKey(_publicKey, DashBenchmarkData.Network).ToString();
        _wif = Wif.Encode(key, compressed: true, DashBenchmarkData.Network);
    }

    /// <summary>The plain baseline: RIPEMD-160(SHA-256(public key)), into a reused buffer.</summary>
    [Benchmark(Baseline = true)]
    public byte Hash160Only()
    {
        Hash160.Hash(_publicKey, _hash);
        return _hash[0];
    }

    /// <summary>A public key's P2PKH address: Hash160, version byte, Base58Check text.</summary>
    [Benchmark]
    public string AddressFromPublicKey() => UtxoAddress.FromPublicKey(_publicKey, DashBenchmarkData.Network).ToString();

    /// <summary>Reading an address: Base58 decode, checksum, version and length checks.</summary>
    [Benchmark]
    public int ParseAddress() => UtxoAddress.Parse(_address, DashBenchmarkData.Network).ScriptPubKeyLength;

    /// <summary>A WIF key to its address: decode, checksum, scalar check, public key (an EC multiplication), Hash160, Base58Check.</summary>
    [Benchmark]
    public string AddressFromWif()
    {
        using var signer = WifKeySigner.FromWif(_wif, DashBenchmarkData.Network);
        return signer.GetAddress(DashBenchmarkData.Network).ToString();
    }
}
