using CsCheck;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.Transactions;

/// <summary>Malformed input must only ever produce the documented <see cref="FormatException"/>s, never a crash.</summary>
public sealed class SignedTransactionFuzzTests
{
    private static readonly byte[][] ValidTransactions = CreateValidTransactions();

    [Fact]
    public void Decode_RandomBytes_SucceedsOrThrowsFormatException()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => DecodeOrFormatError(bytes), iter: 5_000);
    }

    [Fact]
    public void Decode_MutatedValidTransaction_SucceedsOrThrowsFormatException()
    {
        Gen.Select(Gen.Int[0, ValidTransactions.Length - 1], Gen.Int[0, 10_000], Gen.Byte, Gen.Int[0, 2])
            .Sample((which, position, value, kind) =>
            {
                byte[] valid = ValidTransactions[which];
                int at = position % valid.Length;
                byte[] mutated = kind switch
                {
                    0 => valid.ToArray(),
                    1 => valid[..at],
                    _ => [.. valid[..at], value, .. valid[at..]],
                };
                if (kind == 0)
                {
                    mutated[at] = value;
                }

                DecodeOrFormatError(mutated);
            },
            iter: 5_000);
    }

    private static void DecodeOrFormatError(byte[] bytes)
    {
        try
        {
            SignedTransaction decoded = SignedTransaction.Decode(bytes);
            Assert.Equal(bytes, decoded.RawBytes.ToArray());
        }
        catch (FormatException error) when (error is RlpFormatException or TransactionFormatException)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    private static byte[][] CreateValidTransactions()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        EthereumAddress to = EthereumAddress.Parse("0x3535353535353535353535353535353535353535");
        return
        [
            new LegacyTransaction { ChainId = 1, Nonce = 9, GasPrice = 20_000_000_000UL, GasLimit = 21_000, To = to, Value = 1UL }.Sign(key).RawBytes.ToArray(),
            new Eip1559Transaction
            {
                ChainId = 1,
                Nonce = 3,
                MaxPriorityFeePerGas = 2UL,
                MaxFeePerGas = 3UL,
                GasLimit = 60_000,
                To = to,
                Data = new byte[68],
                AccessList = [new AccessListEntry(to, [UInt256.One])],
            }.Sign(key).RawBytes.ToArray(),
        ];
    }
}
