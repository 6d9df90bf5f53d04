using EnergySettlement.Dash.Backends;

namespace EnergySettlement.Dash.Coins;

/// <summary>The coins <see cref="CoinSelector"/> chose, the fee, and the change.</summary>
/// <remarks>Immutable and thread-safe. <c>InputValue = Target + Fee + Change</c> always holds.</remarks>
public sealed record CoinSelection
{
    /// <summary>Gets the coins, in the order the transaction spends them (largest first, ties by outpoint).</summary>
    public required IReadOnlyList<UnspentOutput> Coins { get; init; }

    /// <summary>Gets the sum of the coins' values.</summary>
    public required long InputValue { get; init; }

    /// <summary>Gets the fee: everything the coins hold beyond the target and the change.</summary>
    public required long Fee { get; init; }

    /// <summary>Gets the change, 0 when the transaction has no change output (what was left was below the cost of one and
    /// went to the fee).</summary>
    public required long Change { get; init; }

    /// <summary>Gets the transaction's size as the selection estimated it (an upper bound), in bytes.</summary>
    public required int EstimatedSize { get; init; }

    /// <summary>Gets whether the transaction has a change output.</summary>
    public bool HasChange => Change > 0;
}
