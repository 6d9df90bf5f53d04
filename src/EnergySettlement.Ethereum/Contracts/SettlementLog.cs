using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rpc;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>Reads <c>BatchSettlementV2</c>'s <c>BatchSettled</c> events from receipts and <c>eth_getLogs</c> answers.</summary>
internal static class SettlementLog
{
    /// <summary>An address as a 32-byte topic (left-padded), hex with 0x.</summary>
    public static string AddressTopic(EthereumAddress address)
    {
        Span<byte> word = stackalloc byte[32];
        word.Clear();
        address.WriteBytes(word[12..]);
        return Hex.Encode(word, withPrefix: true);
    }

    /// <summary>Reads a log as a settlement record when it is a <c>BatchSettled</c> event of <paramref name="contract"/> (not removed by a reorganisation).</summary>
    public static bool TryRead(JsonElement log, EthereumAddress contract, ChainId chain, out BatchSettlementRecord record)
    {
        record = null!;
        if (log.ValueKind != JsonValueKind.Object
            || !log.TryGetProperty("address", out var address) || !EthereumAddress.TryParse(address.GetString()?.ToLowerInvariant(), out var emitter) || emitter != contract
            || (log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True)
            || !log.TryGetProperty("topics", out var topics) || topics.GetArrayLength() != 3
            || !Hex.Decode(topics[0].GetString()).AsSpan().SequenceEqual(BatchSettlementV2Contract.BatchSettledTopic))
        {
            return false;
        }

        var data = Hex.Decode(log.GetProperty("data").GetString());
        var payerWord = Hex.Decode(topics[1].GetString());
        var batchKey = Hex.Decode(topics[2].GetString());
        if (data.Length != 64 || payerWord.Length != 32 || batchKey.Length != 32)
        {
            return false;
        }

        record = new BatchSettlementRecord
        {
            Contract = contract,
            Payer = SettlementAccount.Create(chain, AbiEncoder.ReadAddress(payerWord).ToString()),
            BatchNumber = UInt256.ReadBigEndian(data.AsSpan(0, 32)),
            Commitment = BatchCommitment.FromBytes(data.AsSpan(32, 32)),
            TransactionId = new ChainTransactionId(log.GetProperty("transactionHash").GetString() ?? string.Empty),
            BlockNumber = HexQuantity.ParseUInt64(log.GetProperty("blockNumber").GetString()),
            BlockHash = log.GetProperty("blockHash").GetString() ?? string.Empty,
            BatchKey = new Bytes32(batchKey),
        };
        return true;
    }
}
