using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Payouts;

/// <summary>The contract call that pays a batch: where it goes, the ether it carries and its call data.</summary>
/// <param name="To">The BatchSettlement contract (or a token, for an approval).</param>
/// <param name="Value">Wei sent with the call: the batch total for ether, zero for a token.</param>
/// <param name="Data">ABI-encoded call data.</param>
/// <param name="FallbackGas">A gas figure for quotes when the node cannot estimate (for example the payer is not funded yet).</param>
internal sealed record PayoutCall(EthereumAddress To, UInt256 Value, byte[] Data, ulong FallbackGas);
