using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Fees;

/// <summary>EIP-1559 fee fields for one transaction, in wei per gas.</summary>
/// <param name="MaxFeePerGas">The most paid per gas (base fee + tip).</param>
/// <param name="MaxPriorityFeePerGas">The most tip paid per gas.</param>
/// <param name="NextBaseFeePerGas">The next block's base fee as the node reported it.</param>
internal readonly record struct FeeEstimate(UInt256 MaxFeePerGas, UInt256 MaxPriorityFeePerGas, UInt256 NextBaseFeePerGas);
