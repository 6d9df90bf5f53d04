using EnergySettlement.Chains;

namespace EnergySettlement.Dash.Backends;

/// <summary>Whether an output is spent, as a backend reports it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record OutputSpend
{
    /// <summary>Gets whether a transaction in a block or in the mempool spends the output.</summary>
    public required bool IsSpent { get; init; }

    /// <summary>Gets the spending transaction, when spent and the backend says which (Dash Core's <c>gettxout</c> does not).</summary>
    public ChainTransactionId? SpentBy { get; init; }
}
