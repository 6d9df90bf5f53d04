using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Rpc;

namespace EnergySettlement.Ethereum.Tests.Rpc;

public sealed class RpcErrorClassifierTests
{
    private static readonly ChainId Chain = ChainId.Parse("eip155:31337");

    [Theory]
    [InlineData(-32000, "nonce too low: next nonce 5, tx nonce 3", "NonceTooLow")]
    [InlineData(-32000, "already known", "AlreadyKnown")]
    [InlineData(-32003, "transaction already imported", "AlreadyKnown")]
    [InlineData(-32000, "replacement transaction underpriced", "ReplacementUnderpriced")]
    [InlineData(-32000, "transaction underpriced: tip needed 1, tip permitted 0", "TransactionUnderpriced")]
    [InlineData(-32000, "max fee per gas less than block base fee: address 0x1, maxFeePerGas: 1 baseFee: 7", "TransactionUnderpriced")]
    [InlineData(-32000, "insufficient funds for gas * price + value: have 0 want 21000", "InsufficientFunds")]
    [InlineData(-32000, "intrinsic gas too low: gas 100, minimum needed 21000", "IntrinsicGasTooLow")]
    [InlineData(-32000, "nonce too high", "NonceTooHigh")]
    [InlineData(3, "execution reverted: custom error 0x1234", "ExecutionReverted")]
    [InlineData(-32005, "daily request count exceeded", "LimitExceeded")]
    [InlineData(-32601, "the method foo does not exist/is not available", "Other")]
    public void Classify_NodeMessage_IsRecognised(long code, string message, string expected) =>
        Assert.Equal(Enum.Parse<RpcErrorKind>(expected), RpcErrorClassifier.Classify(code, message));

    [Fact]
    public void ToException_InsufficientFundsWithPayer_IsInsufficientFundsKeepingNodeMessage()
    {
        var payer = SettlementAccount.Parse("eip155:31337:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var ex = RpcErrorClassifier.ToException(Chain, "eth_sendRawTransaction", new RpcError(-32000, "insufficient funds for gas * price + value", null), payer);
        var funds = Assert.IsType<InsufficientFundsException>(ex);
        Assert.Equal(payer, funds.Account);
        Assert.Equal("insufficient funds", funds.ErrorCode);
        Assert.Contains("-32000", funds.Message, StringComparison.Ordinal);
        Assert.Contains("insufficient funds for gas * price + value", funds.Message, StringComparison.Ordinal);
        Assert.False(funds.IsTransient);
    }

    [Theory]
    [InlineData("nonce too low", "nonce too low")]
    [InlineData("replacement transaction underpriced", "replacement transaction underpriced")]
    [InlineData("execution reverted", "execution reverted")]
    [InlineData("intrinsic gas too low", "intrinsic gas too low")]
    public void ToException_TransactionError_IsRejectedWithClassification(string message, string errorCode)
    {
        var ex = RpcErrorClassifier.ToException(Chain, "eth_sendRawTransaction", new RpcError(-32000, message, null));
        var rejected = Assert.IsType<TransactionRejectedException>(ex);
        Assert.Equal(errorCode, rejected.ErrorCode);
        Assert.Equal(Chain, rejected.ChainId);
        Assert.False(rejected.IsTransient);
    }

    [Fact]
    public void ToException_RateLimit_IsTransient()
    {
        var ex = RpcErrorClassifier.ToException(Chain, "eth_call", new RpcError(-32005, "limit exceeded", null));
        Assert.IsNotType<TransactionRejectedException>(ex);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void ToException_UnknownError_KeepsNumericCodeAndIsNotTransient()
    {
        var ex = RpcErrorClassifier.ToException(Chain, "eth_foo", new RpcError(-32601, "method not found", null));
        Assert.Equal("-32601", ex.ErrorCode);
        Assert.False(ex.IsTransient);
    }
}
