using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.CrossCheck;

/// <summary>
/// Signs a few hundred random transactions of both types with our code and with ethers v6 (npm), and requires the
/// same raw bytes, hashes and sender; our decoder must read ethers' output back to the same fields.
/// </summary>
public sealed class EthersCrossCheckTests
{
    private const int Count = 300;

    [Fact]
    public void Sign_RandomTransactions_MatchEthersBytesAndHashes()
    {
        int seed = Environment.GetEnvironmentVariable("ETHEREUM_CROSSCHECK_SEED") is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        string context = $"(seed {seed}; rerun with ETHEREUM_CROSSCHECK_SEED={seed})";

        Secp256k1PrivateKey[] keys = Enumerable.Range(0, 4).Select(_ => Secp256k1PrivateKey.Generate()).ToArray();
        try
        {
            var cases = new List<(EthereumTransaction Transaction, Secp256k1PrivateKey Key)>();
            var lines = new List<string>();
            for (int i = 0; i < Count; i++)
            {
                Secp256k1PrivateKey key = keys[random.Next(keys.Length)];
                EthereumTransaction transaction = RandomTransaction(random, legacy: i % 2 == 0);
                cases.Add((transaction, key));
                lines.Add(ToEthersRequest(transaction, key));
            }

            IReadOnlyList<string> results = NodeScript.Run("sign-with-ethers.cjs", lines, "ethers");

            Assert.True(results.Count == Count, $"ethers returned {results.Count} results for {Count} transactions {context}");
            for (int i = 0; i < Count; i++)
            {
                (EthereumTransaction transaction, Secp256k1PrivateKey key) = cases[i];
                using JsonDocument ethers = JsonDocument.Parse(results[i]);
                string ethersRaw = ethers.RootElement.GetProperty("raw").GetString()!;
                string ethersHash = ethers.RootElement.GetProperty("hash").GetString()!;
                string ethersFrom = ethers.RootElement.GetProperty("from").GetString()!;
                string ethersUnsignedHash = ethers.RootElement.GetProperty("unsignedHash").GetString()!;

                SignedTransaction ours = transaction.Sign(key);
                string where = $"case {i} {context}: {transaction}";
                Assert.True(ethersUnsignedHash == transaction.GetSigningHash().ToString(), $"Signing hash differs from ethers for {where}");
                Assert.True(ethersRaw == ours.ToHexString(), $"Raw bytes differ from ethers for {where}\n ours:   {ours.ToHexString()}\n ethers: {ethersRaw}");
                Assert.True(ethersHash == ours.Hash.ToString(), $"Hash differs from ethers for {where}");
                Assert.True(ethersFrom == ours.Sender.ToString(), $"Sender differs from ethers for {where}");

                SignedTransaction decoded = SignedTransaction.Decode(Hex.Decode(ethersRaw));
                Assert.True(transaction.Equals(decoded.Transaction), $"Decoding ethers' bytes gave different fields for {where}: {decoded.Transaction}");
                Assert.True(decoded.Sender == ours.Sender && decoded.Hash == ours.Hash, $"Decoding ethers' bytes gave a different sender or hash for {where}");
            }
        }
        finally
        {
            foreach (Secp256k1PrivateKey key in keys)
            {
                key.Dispose();
            }
        }
    }

    private static EthereumTransaction RandomTransaction(Random random, bool legacy)
    {
        ulong chainId = random.Next(6) switch
        {
            0 => 1,
            1 => 31337,
            2 => (ulong)random.NextInt64(1, int.MaxValue),
            3 => (ulong)random.NextInt64(1, long.MaxValue),
            4 => ulong.MaxValue - (ulong)random.Next(1000),
            _ => (ulong)random.Next(1, 300),
        };
        ulong nonce = random.Next(3) switch
        {
            0 => 0,
            1 => (ulong)random.Next(0, 1000),
            _ => (ulong)random.NextInt64(0, (1L << 53) - 1), // ethers' nonce is a JavaScript number
        };
        ulong gasLimit = random.Next(3) switch
        {
            0 => 21_000,
            1 => (ulong)random.NextInt64(0, 30_000_000),
            _ => RandomULong(random),
        };
        EthereumAddress? to = random.Next(6) == 0 ? null : EthereumAddress.FromBytes(RandomBytes(random, 20));
        byte[] data = random.Next(3) switch
        {
            0 => [],
            1 => RandomBytes(random, random.Next(1, 56)),
            _ => RandomBytes(random, random.Next(56, 700)),
        };

        if (legacy)
        {
            return new LegacyTransaction
            {
                ChainId = chainId,
                Nonce = nonce,
                GasPrice = RandomUInt256(random),
                GasLimit = gasLimit,
                To = to,
                Value = RandomUInt256(random),
                Data = data,
            };
        }

        ImmutableArray<AccessListEntry>.Builder accessList = ImmutableArray.CreateBuilder<AccessListEntry>();
        int entries = random.Next(3) == 0 ? random.Next(1, 4) : 0;
        for (int e = 0; e < entries; e++)
        {
            ImmutableArray<UInt256> keys = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomUInt256(random)).ToImmutableArray();
            accessList.Add(new AccessListEntry(EthereumAddress.FromBytes(RandomBytes(random, 20)), keys));
        }

        // ethers (like every node) refuses a priority fee above the maximum fee; so does our Sign.
        UInt256 feeA = RandomUInt256(random);
        UInt256 feeB = RandomUInt256(random);
        return new Eip1559Transaction
        {
            ChainId = chainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = UInt256.Min(feeA, feeB),
            MaxFeePerGas = UInt256.Max(feeA, feeB),
            GasLimit = gasLimit,
            To = to,
            Value = RandomUInt256(random),
            Data = data,
            AccessList = accessList.ToImmutable(),
        };
    }

    private static string ToEthersRequest(EthereumTransaction transaction, Secp256k1PrivateKey key)
    {
        byte[] keyBytes = new byte[32];
        key.WriteBytes(keyBytes);
        var request = new JsonObject
        {
            ["type"] = (int)transaction.Type,
            ["chainId"] = transaction.ChainId.ToString(CultureInfo.InvariantCulture),
            ["nonce"] = transaction.Nonce.ToString(CultureInfo.InvariantCulture),
            ["gasLimit"] = transaction.GasLimit.ToString(CultureInfo.InvariantCulture),
            ["to"] = transaction.To?.ToString(),
            ["value"] = transaction.Value.ToString(),
            ["data"] = Hex.Encode(transaction.Data.Span, withPrefix: true),
            ["privateKey"] = Hex.Encode(keyBytes, withPrefix: true),
        };
        Array.Clear(keyBytes);
        switch (transaction)
        {
            case LegacyTransaction legacy:
                request["gasPrice"] = legacy.GasPrice.ToString();
                break;
            case Eip1559Transaction typed:
                request["maxPriorityFeePerGas"] = typed.MaxPriorityFeePerGas.ToString();
                request["maxFeePerGas"] = typed.MaxFeePerGas.ToString();
                var list = new JsonArray();
                foreach (AccessListEntry entry in typed.AccessList)
                {
                    var storageKeys = new JsonArray();
                    foreach (UInt256 storageKey in entry.StorageKeys)
                    {
                        byte[] word = new byte[32];
                        storageKey.WriteBigEndian32(word);
                        storageKeys.Add(Hex.Encode(word, withPrefix: true));
                    }

                    list.Add(new JsonObject { ["address"] = entry.Address.ToString(), ["storageKeys"] = storageKeys });
                }

                request["accessList"] = list;
                break;
        }

        return request.ToJsonString();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static ulong RandomULong(Random random) => BitConverter.ToUInt64(RandomBytes(random, 8));

    private static UInt256 RandomUInt256(Random random) => random.Next(4) switch
    {
        0 => UInt256.Zero,
        1 => (ulong)random.Next(0, 256), // single-byte edge cases (0x00..0x7f are their own encoding)
        2 => UInt256.ReadBigEndian(RandomBytes(random, random.Next(1, 33))),
        _ => UInt256.MaxValue - (ulong)random.Next(0, 5),
    };
}
