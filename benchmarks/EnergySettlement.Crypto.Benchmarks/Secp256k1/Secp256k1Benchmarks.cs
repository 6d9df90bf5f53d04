using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using ECAlgorithms = Org.BouncyCastle.Math.EC.ECAlgorithms;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EnergySettlement.Crypto.Benchmarks.Secp256k1;

/// <summary>
/// secp256k1 sign (RFC 6979), verify and public-key recovery: ours against plain BouncyCastle (the baseline of
/// each category) and the BCL's OpenSSL-backed <see cref="ECDsa"/> (random nonces; it has no recovery).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class Secp256k1Benchmarks : IDisposable
{
    private static readonly byte[] KeyBytes = Convert.FromHexString("e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2");

    private readonly byte[] _hash = Keccak256.Hash("EnergySettlement benchmark message"u8);
    private Secp256k1PrivateKey _key = null!;
    private Secp256k1PublicKey _publicKey;
    private RecoverableSignature _signature;

    private X9ECParameters _curve = null!;
    private ECDomainParameters _domain = null!;
    private ECDsaSigner _bcSigner = null!;
    private ECDsaSigner _bcVerifier = null!;
    private BcBigInteger _bcR = null!;
    private BcBigInteger _bcS = null!;

    private ECDsa _openSsl = null!;
    private byte[] _openSslSignature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = Secp256k1PrivateKey.FromBytes(KeyBytes);
        _publicKey = _key.PublicKey;
        _signature = _key.Sign(_hash);

        _curve = ECNamedCurveTable.GetByName("secp256k1");
        _domain = new ECDomainParameters(_curve);
        _bcSigner = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        _bcSigner.Init(true, new ECPrivateKeyParameters(new BcBigInteger(1, KeyBytes), _domain));
        _bcVerifier = new ECDsaSigner();
        _bcVerifier.Init(false, new ECPublicKeyParameters(_domain.G.Multiply(new BcBigInteger(1, KeyBytes)).Normalize(), _domain));
        BcBigInteger[] rs = _bcSigner.GenerateSignature(_hash);
        _bcR = rs[0];
        _bcS = rs[1];

        byte[] q = new byte[65];
        _publicKey.WriteUncompressed(q);
        _openSsl = ECDsa.Create(new ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.CreateFromFriendlyName("secP256k1"),
            D = KeyBytes,
            Q = new System.Security.Cryptography.ECPoint { X = q[1..33], Y = q[33..] },
        });
        _openSslSignature = _openSsl.SignHash(_hash);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _key?.Dispose();
        _openSsl?.Dispose();
        GC.SuppressFinalize(this);
    }

    [BenchmarkCategory("Sign"), Benchmark(Baseline = true, Description = "BouncyCastle")]
    public BcBigInteger[] Sign_BouncyCastle() => _bcSigner.GenerateSignature(_hash);

    [BenchmarkCategory("Sign"), Benchmark(Description = "Ours")]
    public RecoverableSignature Sign_Ours() => _key.Sign(_hash);

    [BenchmarkCategory("Sign"), Benchmark(Description = "OpenSSL ECDsa")]
    public int Sign_OpenSsl()
    {
        Span<byte> signature = stackalloc byte[64];
        return _openSsl.TrySignHash(_hash, signature, out int written) ? written : 0;
    }

    [BenchmarkCategory("Verify"), Benchmark(Baseline = true, Description = "BouncyCastle")]
    public bool Verify_BouncyCastle() => _bcVerifier.VerifySignature(_hash, _bcR, _bcS);

    [BenchmarkCategory("Verify"), Benchmark(Description = "Ours")]
    public bool Verify_Ours() => _publicKey.Verify(_hash, _signature.Signature);

    [BenchmarkCategory("Verify"), Benchmark(Description = "OpenSSL ECDsa")]
    public bool Verify_OpenSsl() => _openSsl.VerifyHash(_hash, _openSslSignature);

    /// <summary>Recovery with BouncyCastle's curve arithmetic: Q = r^-1 (s·R - e·G).</summary>
    [BenchmarkCategory("Recover"), Benchmark(Baseline = true, Description = "BouncyCastle")]
    public Org.BouncyCastle.Math.EC.ECPoint Recover_BouncyCastle()
    {
        byte[] compressedR = new byte[33];
        compressedR[0] = (byte)(0x02 | (_signature.RecoveryId & 1));
        byte[] compact = new byte[64];
        _signature.Signature.WriteCompact(compact);
        Array.Copy(compact, 0, compressedR, 1, 32);
        Org.BouncyCastle.Math.EC.ECPoint bigR = _curve.Curve.DecodePoint(compressedR);
        BcBigInteger n = _domain.N;
        BcBigInteger r = new(1, compact, 0, 32);
        BcBigInteger s = new(1, compact, 32, 32);
        BcBigInteger rInverse = r.ModInverse(n);
        BcBigInteger e = new(1, _hash);
        BcBigInteger u1 = n.Subtract(e).Multiply(rInverse).Mod(n);
        BcBigInteger u2 = s.Multiply(rInverse).Mod(n);
        return ECAlgorithms.SumOfTwoMultiplies(_domain.G, u1, bigR, u2).Normalize();
    }

    [BenchmarkCategory("Recover"), Benchmark(Description = "Ours")]
    public bool Recover_Ours() => Secp256k1PublicKey.TryRecover(_hash, _signature, out _);
}
