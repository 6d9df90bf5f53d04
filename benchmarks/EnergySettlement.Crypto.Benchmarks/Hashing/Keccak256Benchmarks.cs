using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Digests;

namespace EnergySettlement.Crypto.Benchmarks.Hashing;

/// <summary>
/// Keccak-256 of 32 B and 1 KiB: ours against plain BouncyCastle (baseline). The BCL's OpenSSL SHA3-256 runs the
/// same Keccak-f[1600] permutation with another padding, so it shows what native code reaches; it is not a
/// replacement (different digests).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class Keccak256Benchmarks
{
    private readonly byte[] _digest = new byte[32];
    private readonly KeccakDigest _bouncyCastle = new(256);
    private byte[] _data = null!;

    [Params(32, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true, Description = "BouncyCastle")]
    public int BouncyCastle()
    {
        _bouncyCastle.BlockUpdate(_data);
        return _bouncyCastle.DoFinal(_digest);
    }

    [Benchmark(Description = "Ours")]
    public byte[] Ours()
    {
        Keccak256.Hash(_data, _digest);
        return _digest;
    }

    [Benchmark(Description = "OpenSSL SHA3-256 (other padding)")]
    public int OpenSslSha3() => SHA3_256.IsSupported ? SHA3_256.HashData(_data, _digest) : 0;
}
