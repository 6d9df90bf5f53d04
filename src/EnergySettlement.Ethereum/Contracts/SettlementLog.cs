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

    /// <summary>
    /// Reads what a settling transaction paid from its call data: the packed payout words and the token (the zero address
    /// for ether), when it called <paramref name="contract"/>'s settle functions directly; otherwise <see langword="null"/>.
    /// </summary>
    public static (UInt256[] Payouts, EthereumAddress Token)? ReadPaid(JsonElement transaction, EthereumAddress contract)
    {
        if (transaction.ValueKind != JsonValueKind.Object
            || !transaction.TryGetProperty("to", out var to) || !EthereumAddress.TryParse(to.GetString()?.ToLowerInvariant(), out var target) || target != contract
            || !transaction.TryGetProperty("input", out var inputText))
        {
            return null;
        }

        byte[] input;
        try
        {
            input = Hex.Decode(inputText.GetString());
        }
        catch (FormatException)
        {
            return null;
        }

        if (input.Length < 4)
        {
            return null;
        }

        var selector = input.AsSpan(0, 4);
        var body = input.AsSpan(4);
        bool native = selector.SequenceEqual(BatchSettlementV2Contract.SettleNativeSelector) || selector.SequenceEqual(BatchSettlementV2Contract.SettleNativeWithReferencesSelector);
        bool token = selector.SequenceEqual(BatchSettlementV2Contract.SettleTokenSelector) || selector.SequenceEqual(BatchSettlementV2Contract.SettleTokenWithReferencesSelector);
        if (!native && !token)
        {
            return null;
        }

        // Head: batchNumber, batchKey, commitment, [token, total,] offset of payouts.
        var offsetWord = native ? 3 : 5;
        if (body.Length < 32 * (offsetWord + 1))
        {
            return null;
        }

        var offset = UInt256.ReadBigEndian(body.Slice(32 * offsetWord, 32));
        if (offset > (ulong)(body.Length - 32))
        {
            return null;
        }

        var start = (int)(ulong)offset;
        var count = UInt256.ReadBigEndian(body.Slice(start, 32));
        if (count > (ulong)((body.Length - start - 32) / 32))
        {
            return null;
        }

        var payouts = new UInt256[(int)(ulong)count];
        for (var i = 0; i < payouts.Length; i++)
        {
            payouts[i] = UInt256.ReadBigEndian(body.Slice(start + 32 + (32 * i), 32));
        }

        return (payouts, native ? EthereumAddress.Zero : AbiEncoder.ReadAddress(body.Slice(32 * 3, 32)));
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
