using BenchmarkDotNet.Attributes;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Crypto.Benchmarks.Dash;

/// <summary>
/// Building and signing a 10-input, 100-output Dash transaction (the payer's P2PKH coins to 100 payees, plus the OP_RETURN
/// batch reference), against the plain baseline of the 10 ECDSA signatures alone.
/// </summary>
[MemoryDiagnoser]
public class TransactionBuildSignBenchmarks : IDisposable
{
    private const int InputCount = 10;
    private const int OutputCount = 100;

    private readonly byte[][] _digests = Enumerable.Range(0, InputCount).Select(i => Sha256d.Hash([(byte)i])).ToArray();
    private TransactionInput[] _inputs = null!;
    private UtxoAddress[] _payees = null!;
    private byte[] _memo = null!;
    private WifKeySigner _signer = null!;
    private Secp256k1PrivateKey _key = null!;
    private UtxoTransaction _unsigned = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = DashBenchmarkData.Inputs(InputCount);
        _payees = Enumerable.Range(0, OutputCount).Select(DashBenchmarkData.Payee).ToArray();
        _memo = "2026-06-21T11:00-home-a"u8.ToArray();
        _signer = new WifKeySigner(DashBenchmarkData.Key(1));
        _key = DashBenchmarkData.Key(1);
        _unsigned = Build();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _signer?.Dispose();
        _key?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The plain baseline: ten RFC 6979 ECDSA signatures over ready digests, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public int TenSignaturesOnly()
    {
        int sum = 0;
        foreach (var digest in _digests)
        {
            sum += _key.Sign(digest).RecoveryId;
        }

        return sum;
    }

    /// <summary>The ten legacy signature hashes alone (serialise the modified transaction, SHA-256d), over a 3.7 kB transaction.</summary>
    [Benchmark]
    public byte SignatureHashesOnly()
    {
        Span<byte> digest = stackalloc byte[32];
        byte last = 0;
        var script = new byte[25];
        for (int i = 0; i < InputCount; i++)
        {
            _unsigned.WriteSignatureHash(i, script, 1, digest);
            last ^= digest[0];
        }

        return last;
    }

    /// <summary>The whole job: build the transaction from addresses and amounts, sign every input through ISigner (with
    /// low-S normalisation and verification against the public key), serialise.</summary>
    [Benchmark]
    public int BuildAndSign()
    {
        var signed = TransactionSigner.SignP2pkhAsync(Build(), _signer).AsTask().GetAwaiter().GetResult();
        return signed.ToBytes().Length;
    }

    private UtxoTransaction Build()
    {
        var outputs = new TransactionOutput[OutputCount + 2];
        for (int i = 0; i < OutputCount; i++)
        {
            outputs[i] = TransactionOutput.Pay(_payees[i], 100_000 + i);
        }

        outputs[OutputCount] = TransactionOutput.NullData(_memo);
        outputs[OutputCount + 1] = TransactionOutput.Pay(_signer.GetAddress(DashBenchmarkData.Network), 12_345_678);
        return new UtxoTransaction(_inputs, outputs);
    }
}
