using System.Globalization;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Tests.CrossCheck;

/// <summary>
/// Cross-checks the UTXO core against @dashevo/dashcore-lib, an independent Dash implementation: hundreds of random
/// signed transactions (random keys, compressed and uncompressed; 1–20 inputs; 1–200 outputs, P2PKH and P2SH; with and
/// without an OP_RETURN memo; some DIP-2 special transactions) must parse there to the same bytes and txid, and every
/// input must pass its script interpreter; keys, WIF and addresses must match its derivations on all three networks;
/// signature hashes of random hash types must match its implementation.
/// </summary>
public sealed class DashcoreCrossCheckTests
{
    private const int TransactionCount = 300;

    private static readonly UtxoNetwork[] Networks = [DashNetworks.Mainnet, DashNetworks.Testnet, DashNetworks.Regtest];

    [Fact]
    public async Task RandomTransactions_DashcoreLibParsesVerifiesEveryInputAndAgreesOnTxid()
    {
        var (random, context) = Seeded("DASH_CROSSCHECK_SEED");
        var signers = Enumerable.Range(0, 6).Select(i => new WifKeySigner(Secp256k1PrivateKey.Generate(), compressed: i % 2 == 0)).ToArray();
        try
        {
            var transactions = new List<UtxoTransaction>();
            var requests = new List<JsonObject>();
            for (int n = 0; n < TransactionCount; n++)
            {
                var network = Networks[random.Next(Networks.Length)];
                int inputs = random.Next(1, 21);
                var inputSigners = Enumerable.Range(0, inputs).Select(_ => (ISigner)signers[random.Next(signers.Length)]).ToArray();
                var unsigned = RandomTransaction(random, network, inputs, memo: n % 2 == 0, special: n % 10 == 9);
                var signed = await TransactionSigner.SignP2pkhInputsAsync(unsigned, inputSigners);
                transactions.Add(signed);
                requests.Add(new JsonObject
                {
                    ["kind"] = "transaction",
                    ["hex"] = signed.ToHex(),
                    ["prevScripts"] = new JsonArray(inputSigners.Select(s => (JsonNode)Hex.Encode(UtxoAddress.FromPublicKey(s.PublicKey.Span, network).GetScriptPubKey())).ToArray()),
                });
            }

            var answers = DashcoreOracle.Ask(requests);
            for (int n = 0; n < TransactionCount; n++)
            {
                var ours = transactions[n];
                var theirs = answers[n];
                string where = $"transaction {n} ({ours}) {context}";
                Assert.True(theirs["error"] is null, $"dashcore-lib could not read {where}: {theirs["error"]}");
                Assert.True(ours.Hash.ToString() == theirs.Text("txid"), $"txid differs for {where}: dashcore-lib {theirs.Text("txid")}");
                Assert.True(ours.ToHex() == theirs.Text("hex"), $"dashcore-lib re-serialises {where} differently");
                Assert.Equal(ours.Type, theirs["type"]!.GetValue<int>());
                var valid = theirs["valid"]!.AsArray();
                for (int i = 0; i < ours.Inputs.Count; i++)
                {
                    Assert.True(valid[i]!.GetValueKind() == System.Text.Json.JsonValueKind.True, $"dashcore-lib's interpreter rejects input {i} of {where}: {valid[i]}");
                }

                var outputs = theirs["outputs"]!.AsArray();
                Assert.Equal(ours.Outputs.Count, outputs.Count);
                for (int o = 0; o < outputs.Count; o++)
                {
                    Assert.True(ours.Outputs[o].Value == outputs[o]!["satoshis"]!.GetValue<long>() && Hex.Encode(ours.Outputs[o].ScriptPubKey.Span) == outputs[o]!["script"]!.GetValue<string>(), $"Output {o} differs for {where}");
                }

                var memo = ours.Outputs.Where(o => o.IsNullData).Select(o => Hex.Encode(MemoData(o.ScriptPubKey.Span))).ToArray();
                var theirMemo = theirs["memo"] is JsonArray array ? array.Select(m => m!.GetValue<string>()).ToArray() : [];
                Assert.True(memo.SequenceEqual(theirMemo), $"The memo differs for {where}");
                Assert.Equal(ours.ExtraPayload is { } payload ? Hex.Encode(payload.Span) : null, theirs["payload"]?.GetValue<string>());
            }
        }
        finally
        {
            foreach (var signer in signers)
            {
                signer.Dispose();
            }
        }
    }

    [Fact]
    public void RandomKeys_WifAndAddressesMatchDashcoreLibOnAllThreeNetworks()
    {
        var (random, context) = Seeded("DASH_CROSSCHECK_SEED");
        var cases = new List<(string Wif, UtxoAddress Address, byte[] Key, bool Compressed)>();
        var requests = new List<JsonObject>();
        for (int n = 0; n < 120; n++)
        {
            var network = Networks[n % 3];
            bool compressed = random.Next(2) == 0;
            var bytes = new byte[32];
            using var key = NewKey(random, bytes);
            using var signer = new WifKeySigner(Secp256k1PrivateKey.FromBytes(bytes), compressed);
            string wif = signer.ToWif(network);
            cases.Add((wif, signer.GetAddress(network), bytes, compressed));
            requests.Add(new JsonObject
            {
                ["kind"] = "key",
                ["priv"] = Hex.Encode(bytes),
                ["compressed"] = compressed,
                ["network"] = network == DashNetworks.Mainnet ? "mainnet" : network == DashNetworks.Testnet ? "testnet" : "regtest",
                ["ourWif"] = wif,
            });
        }

        var answers = DashcoreOracle.Ask(requests);
        for (int n = 0; n < cases.Count; n++)
        {
            var (wif, address, key, compressed) = cases[n];
            string where = $"key {n} ({(compressed ? "compressed" : "uncompressed")}, {Networks[n % 3].Name}) {context}";
            Assert.True(wif == answers[n].Text("wif"), $"WIF differs for {where}");
            Assert.True(address.ToString() == answers[n].Text("address"), $"Address differs for {where}: ours {address}, dashcore-lib {answers[n].Text("address")}");
            Assert.True(Hex.Encode(key) == answers[n].Text("parsedPriv"), $"dashcore-lib reads our WIF to another key for {where}");
            Assert.Equal(compressed, answers[n]["parsedCompressed"]!.GetValue<bool>());
        }
    }

    [Fact]
    public void RandomRedeemScripts_P2shAddressesMatchDashcoreLib()
    {
        var (random, context) = Seeded("DASH_CROSSCHECK_SEED");
        var cases = new List<UtxoAddress>();
        var requests = new List<JsonObject>();
        for (int n = 0; n < 60; n++)
        {
            var network = Networks[n % 3];
            var script = new byte[random.Next(1, 200)];
            random.NextBytes(script);
            cases.Add(UtxoAddress.FromRedeemScript(script, network));
            requests.Add(new JsonObject { ["kind"] = "scriptHash", ["script"] = Hex.Encode(script), ["network"] = n % 3 == 0 ? "mainnet" : "testnet" });
        }

        var answers = DashcoreOracle.Ask(requests);
        for (int n = 0; n < cases.Count; n++)
        {
            Assert.True(cases[n].ToString() == answers[n].Text("address"), $"P2SH address {n} differs {context}: ours {cases[n]}, dashcore-lib {answers[n].Text("address")}");
        }
    }

    [Fact]
    public void RandomHashTypesAndScripts_SignatureHashesMatchDashcoreLib()
    {
        var (random, context) = Seeded("DASH_CROSSCHECK_SEED");
        byte[] opcodes = [0x00, 0x51, 0x52, 0x53, 0x63, 0x65, 0x6a, 0xab, 0xac];
        var cases = new List<string>();
        var requests = new List<JsonObject>();
        for (int n = 0; n < 200; n++)
        {
            var transaction = RandomTransaction(random, DashNetworks.Testnet, random.Next(1, 6), memo: random.Next(2) == 0, special: n % 5 == 4);
            var script = Enumerable.Range(0, random.Next(0, 12)).Select(_ => opcodes[random.Next(opcodes.Length)]).ToArray();
            int index = random.Next(transaction.Inputs.Count);
            int hashType = n % 4 == 0 ? 1 : random.Next(int.MinValue, int.MaxValue);
            var digest = new byte[32];
            transaction.WriteSignatureHash(index, script, hashType, digest);
            cases.Add(Hex.Encode(digest));
            requests.Add(new JsonObject { ["kind"] = "sighash", ["hex"] = transaction.ToHex(), ["script"] = Hex.Encode(script), ["index"] = index, ["hashType"] = hashType });
        }

        var answers = DashcoreOracle.Ask(requests);
        for (int n = 0; n < cases.Count; n++)
        {
            Assert.True(cases[n] == answers[n].Text("sighash"), $"Signature hash {n} differs {context}: {requests[n].ToJsonString()}");
        }
    }

    internal static (Random Random, string Context) Seeded(string variable)
    {
        int seed = Environment.GetEnvironmentVariable(variable) is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        return (new Random(seed), $"(seed {seed}; rerun with {variable}={seed})");
    }

    /// <summary>A random unsigned transaction: random previous outputs; 1–200 P2PKH and P2SH outputs; optionally an OP_RETURN
    /// memo of 1–80 bytes at a random position; optionally a DIP-2 asset-lock special transaction (version 3, type 8).</summary>
    internal static UtxoTransaction RandomTransaction(Random random, UtxoNetwork network, int inputs, bool memo, bool special)
    {
        var inputList = Enumerable.Range(0, inputs).Select(_ =>
        {
            var previous = new byte[32];
            random.NextBytes(previous);
            uint sequence = random.Next(4) == 0 ? (uint)random.NextInt64(0, uint.MaxValue) : TransactionInput.FinalSequence;
            return new TransactionInput(TransactionHash.FromBytes(previous), (uint)random.Next(0, 50), default, sequence);
        }).ToList();
        var outputs = Enumerable.Range(0, random.Next(1, 201)).Select(_ => RandomPayment(random, network)).ToList();
        if (memo)
        {
            // 1 to 80 bytes: batch references are never empty (and dashcore-lib does not count OP_RETURN OP_0 as data).
            var data = new byte[random.Next(1, 81)];
            random.NextBytes(data);
            outputs.Insert(random.Next(outputs.Count + 1), TransactionOutput.NullData(data));
        }

        uint lockTime = random.Next(3) == 0 ? (uint)random.Next(1, 2_000_000) : 0;
        if (!special)
        {
            return new UtxoTransaction(inputList, outputs, lockTime);
        }

        // DIP-2 asset lock (type 8): payload version 1, then the credit outputs (P2PKH), serialised as transaction outputs.
        var credits = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var hash = new byte[20];
            random.NextBytes(hash);
            return TransactionOutput.Pay(UtxoAddress.FromHash(AddressKind.PayToPublicKeyHash, hash, network), random.NextInt64(1000, 1_000_000_000));
        }).ToArray();
        var payload = new List<byte> { 1, (byte)credits.Length };
        foreach (var credit in credits)
        {
            payload.AddRange(BitConverter.GetBytes(credit.Value));
            payload.Add((byte)credit.ScriptPubKey.Length);
            payload.AddRange(credit.ScriptPubKey.ToArray());
        }

        return new UtxoTransaction(inputList, outputs, lockTime, version: 3, type: 8, extraPayload: payload.ToArray());
    }

    /// <summary>The data of <c>OP_RETURN &lt;push&gt;</c>: after a direct push byte, or after OP_PUSHDATA1 and its length.</summary>
    private static ReadOnlySpan<byte> MemoData(ReadOnlySpan<byte> script) => script[1] == 0x4C ? script[3..] : script[2..];

    private static TransactionOutput RandomPayment(Random random, UtxoNetwork network)
    {
        var hash = new byte[20];
        random.NextBytes(hash);
        var kind = random.Next(4) == 0 ? AddressKind.PayToScriptHash : AddressKind.PayToPublicKeyHash;
        long value = random.Next(3) switch
        {
            0 => random.NextInt64(546, 100_000),
            1 => random.NextInt64(100_000, 100_000_000_000),
            _ => random.NextInt64(546, 2_100_000_000_000_000),
        };
        return TransactionOutput.Pay(UtxoAddress.FromHash(kind, hash, network), value);
    }

    private static Secp256k1PrivateKey NewKey(Random random, byte[] bytes)
    {
        while (true)
        {
            random.NextBytes(bytes);
            try
            {
                return Secp256k1PrivateKey.FromBytes(bytes);
            }
            catch (ArgumentException)
            {
                // 0 or not below n: draw again (probability about 2^-128).
            }
        }
    }
}
