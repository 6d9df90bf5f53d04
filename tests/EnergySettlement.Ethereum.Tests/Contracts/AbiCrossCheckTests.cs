using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
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

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
