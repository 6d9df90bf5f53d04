using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Crypto.Benchmarks.Dash;

/// <summary>Deterministic inputs for the Dash benchmarks (fixed keys, payees and coins).</summary>
internal static class DashBenchmarkData
{
    public static UtxoNetwork Network => DashNetworks.Mainnet;

    public static Secp256k1PrivateKey Key(int n) => Secp256k1PrivateKey.FromBytes(SHA256.HashData(Encoding.ASCII.GetBytes($"dash-benchmark-key-{n}")));

    public static UtxoAddress Payee(int n) => UtxoAddress.FromHash(AddressKind.PayToPublicKeyHash, SHA256.HashData(BitConverter.GetBytes(n)).AsSpan(0, 20), Network);

    public static TransactionInput[] Inputs(int count) =>
        Enumerable.Range(0, count).Select(i => new TransactionInput(TransactionHash.FromBytes(Sha256d.Hash(BitConverter.GetBytes(i))), (uint)(i % 4))).ToArray();

    /// <summary><paramref name="count"/> coins with values spread over 0.0001 to 0.5 DASH, as a wallet that received many
    /// small settlement payments holds.</summary>
    public static UnspentOutput[] Coins(int count, int seed)
    {
        var random = new Random(seed);
        var script = new byte[25];
        return Enumerable.Range(0, count).Select(i => new UnspentOutput
        {
            OutPoint = new OutPoint(new ChainTransactionId(Hex.Encode(Sha256d.Hash(BitConverter.GetBytes(i)))), (uint)random.Next(0, 4)),
            Address = "Xbenchmark",
            Value = random.NextInt64(10_000, 50_000_000),
            ScriptPubKey = script,
            Confirmations = 6,
        }).ToArray();
    }
}
