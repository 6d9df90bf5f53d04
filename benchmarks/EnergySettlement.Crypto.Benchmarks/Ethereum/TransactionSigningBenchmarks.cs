using BenchmarkDotNet.Attributes;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Crypto.Benchmarks.Ethereum;

/// <summary>Hashing and signing a type-2 transaction with an in-process key.</summary>
[MemoryDiagnoser]
public class TransactionSigningBenchmarks : IDisposable
{
    private readonly byte[] _buffer = new byte[4096];
    private Eip1559Transaction _transaction = null!;
    private Secp256k1PrivateKey _key = null!;

    /// <summary>Call-data length: 0 (a plain transfer) or 68 (an ERC-20 transfer).</summary>
    [Params(0, 68)]
    public int DataLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _transaction = EthereumBenchmarkData.Transaction(DataLength);
        _key = EthereumBenchmarkData.CreateKey();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _key?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The signing hash alone (RLP of the unsigned fields, then Keccak-256).</summary>
    [Benchmark]
    public SigningHash SigningHash() => _transaction.GetSigningHash();

    /// <summary>Signs into a caller's buffer: the allocation-free path.</summary>
    [Benchmark(Baseline = true)]
    public int TryWriteSigned()
    {
        _transaction.TryWriteSigned(_key, _buffer, out int written);
        return written;
    }

    /// <summary>Signs and builds a <see cref="SignedTransaction"/> (raw bytes array, hash, sender).</summary>
    [Benchmark]
    public SignedTransaction Sign() => _transaction.Sign(_key);
}
