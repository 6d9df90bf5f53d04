using CsCheck;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;

namespace EnergySettlement.Ethereum.Tests.Commitments;

public sealed class BatchCommitmentTests
{
    private static readonly ChainId Chain = ChainId.Parse("eip155:31337");
    private static readonly Asset Ether = new(AssetId.Parse("eip155:31337/slip44:60"), 18, "ETH");
    private static readonly Asset Token = new(AssetId.Parse("eip155:31337/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), 6, "USDC");
    private static readonly SettlementAccount Payer = SettlementAccount.Create(Chain, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    private static readonly Gen<SettlementBatch> GenBatch =
        Gen.Select(
            Gen.Int[1, 70],
            Gen.Int[0, int.MaxValue],
            Gen.Bool,
            (count, seed, token) => MakeBatch(count, seed, token ? Token : Ether));

    [Fact]
    public void Compute_SameBatch_IsDeterministic()
    {
        Assert.Equal(BatchCommitment.Compute(MakeBatch(7, 1, Ether)), BatchCommitment.Compute(MakeBatch(7, 1, Ether)));
    }

    [Fact]
    public void Compute_AnyPayeeAmountReferenceOrOrderChanged_ChangesTheCommitment()
    {
        var batch = MakeBatch(5, 2, Ether);
        var original = BatchCommitment.Compute(batch);
        var p = batch.Payouts;
        var variants = new[]
        {
            With(batch, 2, new Payout(SettlementAccount.Create(Chain, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"), p[2].Amount, p[2].Reference)),
            With(batch, 2, new Payout(p[2].Payee, p[2].Amount + new Money(1, Ether), p[2].Reference)),
            With(batch, 2, new Payout(p[2].Payee, p[2].Amount, p[2].Reference + "x")),
            new SettlementBatch(batch.Id, batch.Payer, batch.Asset, [p[1], p[0], p[2], p[3], p[4]]),
            new SettlementBatch(batch.Id, batch.Payer, batch.Asset, p.Take(4)),
        };

        Assert.All(variants, v => Assert.NotEqual(original, BatchCommitment.Compute(v)));
    }

    [Fact]
    public void Compute_NullAndEmptyReference_Differ()
    {
        var batch = MakeBatch(3, 3, Ether);
        var p = batch.Payouts[1];

        var none = BatchCommitment.Compute(With(batch, 1, new Payout(p.Payee, p.Amount, null)));
        var empty = BatchCommitment.Compute(With(batch, 1, new Payout(p.Payee, p.Amount, string.Empty)));

        Assert.NotEqual(none, empty);
    }

    [Fact]
    public void Compute_OtherBatchIdPayerAssetOrChain_ChangesTheCommitment()
    {
        var batch = MakeBatch(4, 4, Ether);
        var original = BatchCommitment.Compute(batch);
        var otherChain = ChainId.Parse("eip155:1");
        var otherEther = new Asset(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");

        Assert.NotEqual(original, BatchCommitment.Compute(new SettlementBatch(new SettlementBatchId("other"), batch.Payer, batch.Asset, batch.Payouts)));
        Assert.NotEqual(original, BatchCommitment.Compute(new SettlementBatch(batch.Id, SettlementAccount.Create(Chain, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"), batch.Asset, batch.Payouts)));
        Assert.NotEqual(original, BatchCommitment.Compute(new SettlementBatch(batch.Id, batch.Payer, Token, batch.Payouts.Select(q => new Payout(q.Payee, new Money(q.Amount.Amount, Token), q.Reference)))));
        Assert.NotEqual(original, BatchCommitment.Compute(new SettlementBatch(
            batch.Id,
            SettlementAccount.Create(otherChain, batch.Payer.Address),
            otherEther,
            batch.Payouts.Select(q => new Payout(SettlementAccount.Create(otherChain, q.Payee.Address), new Money(q.Amount.Amount, otherEther), q.Reference)))));
    }

    [Fact]
    public void Compute_BatchOnAnotherChainFamily_ThrowsArgumentException()
    {
        var dash = ChainId.Parse("bip122:00000ffd590b1485b3caadc19b22e637");
        var duffs = new Asset(AssetId.Parse("bip122:00000ffd590b1485b3caadc19b22e637/slip44:5"), 8, "DASH");
        var batch = new SettlementBatch(new SettlementBatchId("dash"), SettlementAccount.Create(dash, "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F"), duffs, [new Payout(SettlementAccount.Create(dash, "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F"), new Money(1, duffs))]);

        Assert.Throws<ArgumentException>(() => BatchCommitment.Compute(batch));
    }

    [Fact]
    public void PayoutProof_EveryPayoutOfRandomBatches_VerifiesAgainstTheCommitment()
    {
        GenBatch.Sample(batch =>
        {
            var commitment = BatchCommitment.Compute(batch);
            for (var i = 0; i < batch.Payouts.Count; i++)
            {
                var proof = PayoutProof.Create(batch, i);
                Assert.True(proof.Verify(commitment), $"payout {i} of {batch.Payouts.Count}");
                Assert.True(proof.Path.Count <= (int)Math.Ceiling(Math.Log2(batch.Payouts.Count)), $"path of {proof.Path.Count} nodes for {batch.Payouts.Count} payouts");
            }
        }, iter: 100);
    }

    [Fact]
    public void PayoutProof_TamperedPayoutPositionCountOrPath_DoesNotVerify()
    {
        GenBatch.Where(b => b.Payouts.Count >= 2).Sample(batch =>
        {
            var commitment = BatchCommitment.Compute(batch);
            var proof = PayoutProof.Create(batch, batch.Payouts.Count / 2);
            var other = batch.Payouts[(proof.Index + 1) % batch.Payouts.Count];
            var tampered = new List<PayoutProof>
            {
                Rebuild(proof, payout: new Payout(proof.Payout.Payee, proof.Payout.Amount + new Money(1, proof.Payout.Amount.Asset), proof.Payout.Reference)),
                Rebuild(proof, payout: new Payout(proof.Payout.Payee, proof.Payout.Amount, (proof.Payout.Reference ?? string.Empty) + "!")),
                Rebuild(proof, payout: other),
                Rebuild(proof, index: (proof.Index + 1) % proof.PayoutCount),
                Rebuild(proof, count: proof.PayoutCount + 1),
                Rebuild(proof, batchId: new SettlementBatchId("another-batch")),
            };
            if (proof.Path.Count > 0)
            {
                var path = proof.Path.ToArray();
                var bytes = new byte[32];
                path[0].WriteBytes(bytes);
                bytes[7] ^= 1;
                path[0] = MerkleNode.FromBytes(bytes);
                tampered.Add(Rebuild(proof, path: path));
                tampered.Add(Rebuild(proof, path: proof.Path.Take(proof.Path.Count - 1).ToArray()));
            }

            Assert.All(tampered, t => Assert.False(t.Verify(commitment)));
        }, iter: 100);
    }

    [Fact]
    public void PayoutProof_RebuiltFromItsParts_Verifies()
    {
        var batch = MakeBatch(13, 5, Token);
        var proof = PayoutProof.Create(batch, 11);

        var rebuilt = new PayoutProof(proof.BatchId, proof.Payer, proof.Payout, proof.Index, proof.PayoutCount, proof.Path.Select(n => MerkleNode.Parse(n.ToString())));

        Assert.True(rebuilt.Verify(BatchCommitment.Compute(batch)));
    }

    [Fact]
    public void PayoutProof_IndexOutsideTheBatch_Throws()
    {
        var batch = MakeBatch(3, 6, Ether);

        Assert.Throws<ArgumentOutOfRangeException>(() => PayoutProof.Create(batch, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PayoutProof(batch.Id, batch.Payer, batch.Payouts[0], 3, 3, []));
    }

    [Fact]
    public void Parse_ToStringOfACommitment_RoundTrips()
    {
        var commitment = BatchCommitment.Compute(MakeBatch(2, 7, Ether));

        Assert.Equal(commitment, BatchCommitment.Parse(commitment.ToString()));
        Assert.False(BatchCommitment.TryParse("0x1234", out _));
        Assert.Throws<FormatException>(() => BatchCommitment.Parse("0x0x" + new string('0', 62)));
    }

    internal static SettlementBatch MakeBatch(int count, int seed, Asset asset)
    {
        var random = new Random(seed);
        var chain = asset.Id.ChainId;
        var payouts = new Payout[count];
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[20];
            random.NextBytes(bytes);
            var amount = random.NextInt64(1, long.MaxValue) * (Int128)random.Next(1, 1000);
            var reference = random.Next(4) switch
            {
                0 => null,
                1 => string.Empty,
                2 => "obligation-" + random.Next(),
                _ => "énergie ⚡ " + random.Next(),
            };
            payouts[i] = new Payout(SettlementAccount.Create(chain, EthereumAddress.FromBytes(bytes).ToString()), new Money(amount, asset), reference);
        }

        return new SettlementBatch(new SettlementBatchId($"batch-{seed}"), SettlementAccount.Create(chain, Payer.Address), asset, payouts);
    }

    private static SettlementBatch With(SettlementBatch batch, int index, Payout payout) =>
        new(batch.Id, batch.Payer, batch.Asset, batch.Payouts.Select((p, i) => i == index ? payout : p));

    private static PayoutProof Rebuild(PayoutProof proof, Payout? payout = null, int? index = null, int? count = null, SettlementBatchId? batchId = null, IReadOnlyList<MerkleNode>? path = null) =>
        new(batchId ?? proof.BatchId, proof.Payer, payout ?? proof.Payout, index ?? proof.Index, count ?? proof.PayoutCount, path ?? proof.Path);
}
