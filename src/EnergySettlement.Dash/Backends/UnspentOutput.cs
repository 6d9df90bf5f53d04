using EnergySettlement.Coins;

namespace EnergySettlement.Dash.Backends;

/// <summary>An unspent output as a backend reports it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record UnspentOutput
{
    /// <summary>Gets the output.</summary>
    public required OutPoint OutPoint { get; init; }

    /// <summary>Gets the address the output pays.</summary>
    public required string Address { get; init; }

    /// <summary>Gets the output's value, in the chain's smallest unit (duffs on Dash).</summary>
    public required long Value { get; init; }

    /// <summary>Gets the output's locking script (for P2PKH: <c>76 a9 14 &lt;hash160&gt; 88 ac</c>).</summary>
    public required ReadOnlyMemory<byte> ScriptPubKey { get; init; }

    /// <summary>Gets the height of the block that created the output, or <see langword="null"/> while it is in the mempool.</summary>
    public long? Height { get; init; }

    /// <summary>Gets the number of confirmations (0 in the mempool).</summary>
    public int Confirmations { get; init; }
}
