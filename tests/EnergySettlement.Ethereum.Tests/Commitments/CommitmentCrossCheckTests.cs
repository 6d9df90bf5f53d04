using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Tests.CrossCheck;

namespace EnergySettlement.Ethereum.Tests.Commitments;

/// <summary>
/// The batch commitment and the payout audit paths, computed independently with ethers (js/commitment-with-ethers.cjs) for
/// random batches: both implementations of docs/ethereum.md's layout must agree byte for byte.
/// </summary>
public sealed class CommitmentCrossCheckTests
{
    private const int Count = 120;

    [Fact]
    public void Compute_RandomBatches_EqualsEthersCommitmentAndAuditPaths()
    {
        int seed = Environment.GetEnvironmentVariable("ETHEREUM_CROSSCHECK_SEED") is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        string context = $"(seed {seed}; rerun with ETHEREUM_CROSSCHECK_SEED={seed})";
        var ether = new Asset(AssetId.Parse("eip155:31337/slip44:60"), 18, "ETH");
        var token = new Asset(AssetId.Parse("eip155:31337/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), 6, "USDC");
        var cases = new List<(SettlementBatch Batch, int Index)>();
        var lines = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var size = random.Next(4) == 0 ? random.Next(100, 300) : random.Next(1, 20);
            var batch = BatchCommitmentTests.MakeBatch(size, random.Next(), random.Next(2) == 0 ? ether : token);
            var index = random.Next(size);
            cases.Add((batch, index));
            lines.Add(Request(batch, index));
        }

        var results = NodeScript.Run("commitment-with-ethers.cjs", lines, "ethers");

        Assert.True(results.Count == Count, $"ethers returned {results.Count} results for {Count} batches {context}");
        for (var i = 0; i < Count; i++)
        {
            var (batch, index) = cases[i];
            using var ethers = JsonDocument.Parse(results[i]);
            var proof = PayoutProof.Create(batch, index);
            var where = $"case {i}: {batch.Payouts.Count} payouts, index {index} {context}";
            Assert.True(ethers.RootElement.GetProperty("commitment").GetString() == BatchCommitment.Compute(batch).ToString(), $"commitment differs from ethers for {where}");
            var ethersPath = ethers.RootElement.GetProperty("path").EnumerateArray().Select(p => p.GetString()).ToArray();
            Assert.True(ethersPath.SequenceEqual(proof.Path.Select(p => p.ToString())), $"audit path differs from ethers for {where}");
        }
    }

    private static string Request(SettlementBatch batch, int index)
    {
        var payouts = new JsonArray();
        foreach (var p in batch.Payouts)
        {
            payouts.Add(new JsonObject { ["payee"] = p.Payee.Address, ["amount"] = p.Amount.Amount.ToString(CultureInfo.InvariantCulture), ["reference"] = p.Reference });
        }

        return new JsonObject
        {
            ["chainId"] = batch.ChainId.Reference,
            ["payer"] = batch.Payer.Address,
            ["batchId"] = batch.Id.Value,
            ["token"] = batch.Asset.Id.AssetNamespace == "erc20" ? batch.Asset.Id.AssetReference : "0x0000000000000000000000000000000000000000",
            ["index"] = index,
            ["payouts"] = payouts,
        }.ToJsonString();
    }
}
