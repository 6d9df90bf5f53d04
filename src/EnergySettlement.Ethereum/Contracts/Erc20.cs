using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>ERC-20 call encoders and the Transfer topic.</summary>
internal static class Erc20
{
    public static readonly byte[] TransferSelector = AbiEncoder.Selector("transfer(address,uint256)");

    public static readonly byte[] ApproveSelector = AbiEncoder.Selector("approve(address,uint256)");

    public static readonly byte[] AllowanceSelector = AbiEncoder.Selector("allowance(address,address)");

    public static readonly byte[] BalanceOfSelector = AbiEncoder.Selector("balanceOf(address)");

    /// <summary>Topic of <c>Transfer(address indexed from, address indexed to, uint256 value)</c>.</summary>
    public static readonly byte[] TransferTopic = AbiEncoder.EventTopic("Transfer(address,address,uint256)");

    public static byte[] EncodeApprove(EthereumAddress spender, UInt256 amount) => AbiEncoder.Call(ApproveSelector, AbiValue.Address(spender), AbiValue.Word(amount));

    public static byte[] EncodeAllowance(EthereumAddress owner, EthereumAddress spender) => AbiEncoder.Call(AllowanceSelector, AbiValue.Address(owner), AbiValue.Address(spender));

    public static byte[] EncodeBalanceOf(EthereumAddress owner) => AbiEncoder.Call(BalanceOfSelector, AbiValue.Address(owner));
}
