using BenchmarkDotNet.Attributes;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Crypto.Benchmarks.Ethereum;

/// <summary>RLP encoding and decoding of a signed type-2 transaction (no signing or recovery in the loop).</summary>
[MemoryDiagnoser]
public class RlpBenchmarks
{
    private readonly byte[] _buffer = new byte[4096];
    private Eip1559Transaction _transaction = null!;
    private SignatureFields _signature;
    private byte[] _raw = [];

    /// <summary>Call-data length: 0 (a plain transfer) or 68 (an ERC-20 transfer).</summary>
    [Params(0, 68)]
    public int DataLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _transaction = EthereumBenchmarkData.Transaction(DataLength);
        using Secp256k1PrivateKey key = EthereumBenchmarkData.CreateKey();
        SignedTransaction signed = _transaction.Sign(key);
        _raw = signed.RawBytes.ToArray();
        _signature = _transaction.GetSignatureFields(signed.Signature);
    }

    /// <summary>Writes the signed bytes (length pre-pass included) into a reusable buffer.</summary>
    [Benchmark(Baseline = true)]
    public int EncodeSigned()
    {
        int length = _transaction.GetEncodedLength(_signature);
        _transaction.Encode(_buffer.AsSpan(0, length), _signature);
        return length;
    }

    /// <summary>Reads every field of the signed bytes with the strict reader (no object built, no recovery).</summary>
    [Benchmark]
    public UInt256 DecodeFields()
    {
        var reader = new RlpReader(_raw.AsSpan(1));
        RlpReader fields = reader.ReadList();
        reader.EnsureEnd("a type-2 transaction");
        ulong sum = fields.ReadUInt64() + fields.ReadUInt64();
        UInt256 total = fields.ReadUInt256() + fields.ReadUInt256();
        sum += fields.ReadUInt64();
        sum += (ulong)fields.ReadString().Length;
        total += fields.ReadUInt256();
        sum += (ulong)fields.ReadString().Length;
        RlpReader accessList = fields.ReadList();
        sum += accessList.HasMore ? 1UL : 0UL;
        sum += fields.ReadUInt64();
        total = UInt256.Max(total, fields.ReadUInt256());
        total = UInt256.Max(total, fields.ReadUInt256());
        fields.EnsureEnd("the fields");
        return total + sum;
    }

    /// <summary>The public decoder: fields, signature checks, signing hash and sender recovery.</summary>
    [Benchmark]
    public SignedTransaction DecodeAndRecoverSender() => SignedTransaction.Decode(_raw);
}
