using System.Collections.Immutable;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Crypto.Benchmarks.Ethereum;

/// <summary>The transactions the Ethereum benchmarks use: a plain transfer and an ERC-20-style call.</summary>
internal static class EthereumBenchmarkData
{
    public static Secp256k1PrivateKey CreateKey() => Secp256k1PrivateKey.FromBytes(Enumerable.Repeat((byte)0x46, 32).ToArray());

    /// <summary>A type-2 transaction; <paramref name="dataLength"/> bytes of call data (68 = an ERC-20 transfer).</summary>
    public static Eip1559Transaction Transaction(int dataLength) => new()
    {
        ChainId = 1,
        Nonce = 1_234,
        MaxPriorityFeePerGas = 1_500_000_000UL,
        MaxFeePerGas = 42_000_000_000UL,
        GasLimit = dataLength == 0 ? 21_000UL : 65_000UL,
        To = EthereumAddress.Parse("0xdAC17F958D2ee523a2206206994597C13D831ec7"),
        Value = dataLength == 0 ? UInt256.Parse("1000000000000000000") : UInt256.Zero,
        Data = Enumerable.Range(0, dataLength).Select(i => (byte)(i * 7)).ToArray(),
        AccessList = ImmutableArray<AccessListEntry>.Empty,
    };
}
