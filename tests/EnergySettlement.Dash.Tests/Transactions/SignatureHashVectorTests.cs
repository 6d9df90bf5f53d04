using System.Text.Json;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Tests.TestVectors;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Tests.Transactions;

public sealed class SignatureHashVectorTests
{
    public static TheoryData<string, string, int, int, string> Vectors()
    {
        using JsonDocument vectors = TestVectorFile.Open("dash-sighash.json");
        var data = new TheoryData<string, string, int, int, string>();
        foreach (var v in vectors.RootElement.GetProperty("vectors").EnumerateArray())
        {
            data.Add(v[0].GetString()!, v[1].GetString()!, v[2].GetInt32(), v[3].GetInt32(), v[4].GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void WriteSignatureHash_DashCoreVectors_MatchThePublishedHash(string raw, string script, int input, int hashType, string expected)
    {
        var transaction = UtxoTransaction.Parse(raw);
        var digest = new byte[32];

        transaction.WriteSignatureHash(input, Hex.Decode(script), hashType, digest);

        Array.Reverse(digest);
        Assert.Equal(expected, Hex.Encode(digest));
    }

    [Fact]
    public void WriteSignatureHash_SingleWithoutMatchingOutput_IsOneAsInCore()
    {
        var transaction = new UtxoTransaction(
            [new TransactionInput(default, 0), new TransactionInput(default, 1)],
            [new TransactionOutput(1000, new byte[] { 0x51 })]);
        var digest = new byte[32];

        transaction.WriteSignatureHash(1, [0x51], (int)SignatureHashType.Single, digest);

        Assert.Equal("01" + new string('0', 62), Hex.Encode(digest));
    }

    [Fact]
    public void WriteSignatureHash_InputOutOfRange_Throws()
    {
        var transaction = new UtxoTransaction([new TransactionInput(default, 0)], []);

        Assert.Throws<ArgumentOutOfRangeException>(() => transaction.WriteSignatureHash(1, [], 1, new byte[32]));
    }
}
