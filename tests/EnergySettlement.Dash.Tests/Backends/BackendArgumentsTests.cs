using EnergySettlement.Chains;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Tests.Backends.Http;

namespace EnergySettlement.Dash.Tests.Backends;

public sealed class BackendArgumentsTests
{
    [Fact]
    public void ComputeTransactionId_InsightReadmeExample_IsTheTxidTheReadmeAnswers()
    {
        Assert.Equal(TestChain.DocumentedRawTransactionId, BackendArguments.ComputeTransactionId(TestChain.RawTransaction));
        Assert.Equal(TestChain.DocumentedRawTransactionId, TestChain.RawTransactionId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Xx V9h4")]
    [InlineData("X/../../status")]
    [InlineData("X?token=1")]
    public void Address_NotLettersAndDigits_ThrowsArgumentException(string address)
    {
        Assert.Throws<ArgumentException>(() => BackendArguments.Address(address));
    }

    [Fact]
    public void TransactionId_UpperCaseHex_IsLowerCased()
    {
        Assert.Equal(TestChain.TxidA, BackendArguments.TransactionId(new ChainTransactionId(TestChain.TxidA.ToUpperInvariant())));
    }

    [Theory]
    [InlineData("0x05d70bc1c4cf1c3afefc3250480d733b5666b19cb1f629901ded82cb2d6263d1")]
    [InlineData("05d70bc1c4cf1c3afefc3250480d733b5666b19cb1f629901ded82cb2d6263")]
    [InlineData("z5d70bc1c4cf1c3afefc3250480d733b5666b19cb1f629901ded82cb2d6263d1")]
    public void TransactionId_NotSixtyFourHexDigits_ThrowsArgumentException(string text)
    {
        Assert.Throws<ArgumentException>(() => BackendArguments.TransactionId(new ChainTransactionId(text)));
    }

    [Fact]
    public void RawTransaction_ShorterThanAnEmptyTransaction_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => BackendArguments.RawTransaction(new byte[9]));
    }
}
