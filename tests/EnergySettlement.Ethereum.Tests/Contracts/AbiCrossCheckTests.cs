using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Contracts;

public sealed class AbiCrossCheckTests
{
    [Fact]
    public async Task EncodeSettleNativeAndToken_VariedBatches_EqualEthersAbiEncoding()
    {
        var random = new Random(20261124);
        var cases = new List<(SettlementBatchId Id, EthereumAddress[] Payees, UInt256[] Amounts, string[] References, EthereumAddress Token)>();
        var texts = new[] { string.Empty, "r", "obligation-0000000000000000000000000000001", "énergie ⚡ 電力", new string('x', 64), new string('y', 33) };
        for (var n = 1; n <= 12; n++)
        {
            var payees = Enumerable.Range(0, n).Select(_ => EthereumAddress.FromBytes(RandomBytes(random, 20))).ToArray();
            var amounts = Enumerable.Range(0, n).Select(_ => UInt256.ReadBigEndian(RandomBytes(random, random.Next(1, 33)))).ToArray();
            var references = Enumerable.Range(0, n).Select(_ => texts[random.Next(texts.Length)]).ToArray();
            cases.Add((new SettlementBatchId($"batch-{n}"), payees, amounts, references, EthereumAddress.FromBytes(RandomBytes(random, 20))));
        }

        var input = JsonSerializer.Serialize(cases.Select(c => new
        {
            key = Hex.Encode(BatchSettlementContract.BatchKey(c.Id), withPrefix: true),
            payees = c.Payees.Select(p => p.ToString()).ToArray(),
            amounts = c.Amounts.Select(a => a.ToString()).ToArray(),
            references = c.References,
            token = c.Token.ToString(),
        }));
        var inputPath = Path.GetTempFileName();
        await File.WriteAllTextAsync(inputPath, input);
        const string Script = """
            const { Interface } = require(process.argv[2]);
            const cases = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
            const abi = new Interface([
              'function settleNative(bytes32,address[],uint256[],string[])',
              'function settleToken(bytes32,address,address[],uint256[],string[])',
            ]);
            const out = cases.map(c => [
              abi.encodeFunctionData('settleNative', [c.key, c.payees, c.amounts, c.references]),
              abi.encodeFunctionData('settleToken', [c.key, c.token, c.payees, c.amounts, c.references]),
            ]);
            process.stdout.write(JSON.stringify(out));
            """;
        var output = await NodeTool.RunAsync(RepositoryPaths.Root, "-e", Script, inputPath, Path.Combine(RepositoryPaths.Root, "node_modules", "ethers"));
        File.Delete(inputPath);
        var expected = JsonSerializer.Deserialize<string[][]>(output)!;

        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            Assert.Equal(expected[i][0], Hex.Encode(BatchSettlementContract.EncodeSettleNative(c.Id, c.Payees, c.Amounts, c.References), withPrefix: true));
            Assert.Equal(expected[i][1], Hex.Encode(BatchSettlementContract.EncodeSettleToken(c.Id, c.Token, c.Payees, c.Amounts, c.References), withPrefix: true));
        }
    }

    [Fact]
    public async Task EncodeV2Calls_VariedBatches_EqualEthersAbiEncoding()
    {
        var random = new Random(20261211);
        var texts = new[] { string.Empty, "r", "obligation-0000000000000000000000000000001", "énergie ⚡ 電力", new string('x', 64), new string('y', 33) };
        var cases = new List<(UInt256 Number, byte[] Key, BatchCommitment Commitment, EthereumAddress Token, UInt256 Total, UInt256[] Words, string[] References, EthereumAddress Payer)>();
        for (var n = 1; n <= 12; n++)
        {
            var words = Enumerable.Range(0, n)
                .Select(_ => BatchSettlementV2Contract.PackPayout(EthereumAddress.FromBytes(RandomBytes(random, 20)), UInt256.ReadBigEndian(RandomBytes(random, random.Next(1, 13)))))
                .ToArray();
            var references = Enumerable.Range(0, n).Select(_ => texts[random.Next(texts.Length)]).ToArray();
            var number = n % 3 == 0 ? UInt256.ReadBigEndian(RandomBytes(random, 32)) : (UInt256)(ulong)random.Next();
            cases.Add((number, RandomBytes(random, 32), BatchCommitment.FromBytes(RandomBytes(random, 32)), EthereumAddress.FromBytes(RandomBytes(random, 20)), UInt256.ReadBigEndian(RandomBytes(random, 16)), words, references, EthereumAddress.FromBytes(RandomBytes(random, 20))));
        }

        var input = JsonSerializer.Serialize(cases.Select(c => new
        {
            number = c.Number.ToString(),
            key = Hex.Encode(c.Key, withPrefix: true),
            commitment = c.Commitment.ToString(),
            token = c.Token.ToString(),
            total = c.Total.ToString(),
            words = c.Words.Select(w => w.ToString()).ToArray(),
            references = c.References,
            payer = c.Payer.ToString(),
        }));
        var inputPath = Path.GetTempFileName();
        await File.WriteAllTextAsync(inputPath, input);
        const string Script = """
            const { Interface } = require(process.argv[2]);
            const cases = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
            const abi = new Interface([
              'function settleNative(uint256,bytes32,bytes32,uint256[])',
              'function settleNativeWithReferences(uint256,bytes32,bytes32,uint256[],string[])',
              'function settleToken(uint256,bytes32,bytes32,address,uint256,uint256[])',
              'function settleTokenWithReferences(uint256,bytes32,bytes32,address,uint256,uint256[],string[])',
              'function isSettled(address,uint256)',
              'function batchSettlementVersion()',
            ]);
            const out = cases.map(c => [
              abi.encodeFunctionData('settleNative', [c.number, c.key, c.commitment, c.words]),
              abi.encodeFunctionData('settleNativeWithReferences', [c.number, c.key, c.commitment, c.words, c.references]),
              abi.encodeFunctionData('settleToken', [c.number, c.key, c.commitment, c.token, c.total, c.words]),
              abi.encodeFunctionData('settleTokenWithReferences', [c.number, c.key, c.commitment, c.token, c.total, c.words, c.references]),
              abi.encodeFunctionData('isSettled', [c.payer, c.number]),
              abi.encodeFunctionData('batchSettlementVersion', []),
            ]);
            process.stdout.write(JSON.stringify(out));
            """;
        var output = await NodeTool.RunAsync(RepositoryPaths.Root, "-e", Script, inputPath, Path.Combine(RepositoryPaths.Root, "node_modules", "ethers"));
        File.Delete(inputPath);
        var expected = JsonSerializer.Deserialize<string[][]>(output)!;

        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            string Ours(byte[] data) => Hex.Encode(data, withPrefix: true);
            Assert.Equal(expected[i][0], Ours(BatchSettlementV2Contract.EncodeSettleNative(c.Number, c.Key, c.Commitment, c.Words, null)));
            Assert.Equal(expected[i][1], Ours(BatchSettlementV2Contract.EncodeSettleNative(c.Number, c.Key, c.Commitment, c.Words, c.References)));
            Assert.Equal(expected[i][2], Ours(BatchSettlementV2Contract.EncodeSettleToken(c.Number, c.Key, c.Commitment, c.Token, c.Total, c.Words, null)));
            Assert.Equal(expected[i][3], Ours(BatchSettlementV2Contract.EncodeSettleToken(c.Number, c.Key, c.Commitment, c.Token, c.Total, c.Words, c.References)));
            Assert.Equal(expected[i][4], Ours(BatchSettlementV2Contract.EncodeIsSettled(c.Payer, c.Number)));
            Assert.Equal(expected[i][5], Ours(BatchSettlementV2Contract.EncodeVersion()));
        }
    }

    [Fact]
    public async Task V2EventAndErrorSelectors_EqualEthersFromTheCompiledAbi()
    {
        // The topics and error selectors the adapter matches, against ethers reading the committed artifact's ABI.
        const string Script = """
            const { Interface } = require(process.argv[2]);
            const artifact = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
            const abi = new Interface(artifact.abi);
            const out = {};
            abi.forEachEvent(e => { out[e.format('sighash')] = e.topicHash; });
            abi.forEachError(e => { out[e.format('sighash')] = e.selector; });
            process.stdout.write(JSON.stringify(out));
            """;
        var artifact = Path.Combine(ContractArtifactTests.SourceDirectory, "BatchSettlementV2.json");
        var output = await NodeTool.RunAsync(RepositoryPaths.Root, "-e", Script, artifact, Path.Combine(RepositoryPaths.Root, "node_modules", "ethers"));
        var expected = JsonSerializer.Deserialize<Dictionary<string, string>>(output)!;

        Assert.Equal(expected["BatchSettled(address,bytes32,uint256,bytes32)"], Hex.Encode(BatchSettlementV2Contract.BatchSettledTopic, withPrefix: true));
        Assert.Equal(expected["Payout(address,address,uint256,string)"], Hex.Encode(BatchSettlementV2Contract.PayoutTopic, withPrefix: true));
        foreach (var (signature, selector) in expected.Where(e => e.Value.Length == 10))
        {
            Assert.Equal(selector, Hex.Encode(AbiEncoder.Selector(signature), withPrefix: true));
            var (code, _) = RevertReasons.Decode(JsonSerializer.Serialize(selector));
            Assert.Equal(signature[..signature.IndexOf('(', StringComparison.Ordinal)], code);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
