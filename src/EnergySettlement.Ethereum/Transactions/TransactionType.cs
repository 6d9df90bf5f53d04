namespace EnergySettlement.Ethereum.Transactions;

/// <summary>The transaction envelopes this package builds, signs and decodes (the EIP-2718 type byte).</summary>
public enum TransactionType
{
    /// <summary>A legacy (untyped) transaction with EIP-155 replay protection: <c>rlp([nonce, gasPrice, gas, to, value, data, v, r, s])</c>.</summary>
    Legacy = 0,

    /// <summary>An EIP-1559 fee-market transaction, type 2: <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList, yParity, r, s])</c>.</summary>
    Eip1559 = 2,
}
