using EnergySettlement.Dash.Fees;

namespace EnergySettlement.Dash.Coins;

/// <summary>
/// What <see cref="CoinSelector"/> must pay for: the payouts' total and the bytes of every output but the change, the
/// size of one input and of the change output, the fee rate, and the limits on inputs and transaction size.
/// </summary>
/// <remarks>Immutable and thread-safe. Sizes are upper bounds (a P2PKH input with a 72-byte signature), so the fee paid is
/// never below the rate.</remarks>
public sealed record CoinSelectionRequest
{
    /// <summary>Gets the sum of the payouts, in smallest units; positive.</summary>
    public required long Target { get; init; }

    /// <summary>Gets the number of outputs besides the change (payouts, and the OP_RETURN memo when there is one).</summary>
    public required int OutputCount { get; init; }

    /// <summary>Gets the serialised size of those outputs, in bytes.</summary>
    public required int OutputsSize { get; init; }

    /// <summary>Gets the serialised size of one input, in bytes, at most (149 for a P2PKH input with a compressed key).</summary>
    public required int InputSize { get; init; }

    /// <summary>Gets the serialised size of the change output, in bytes (34 for P2PKH).</summary>
    public required int ChangeOutputSize { get; init; }

    /// <summary>Gets the smallest change worth an output (the network's dust threshold for the change script); smaller
    /// change is left to the fee.</summary>
    public required long ChangeDustThreshold { get; init; }

    /// <summary>Gets the fee rate.</summary>
    public required FeeRate FeeRate { get; init; }

    /// <summary>Gets the most inputs the transaction may have.</summary>
    /// <value>The default is 100.</value>
    public int MaxInputs { get; init; } = 100;

    /// <summary>Gets the most bytes the transaction may have (one less than the network's standard-size limit).</summary>
    /// <value>The default is 99,999.</value>
    public int MaxTransactionSize { get; init; } = 99_999;

    /// <summary>The serialised size of a transaction with <paramref name="inputs"/> inputs, with or without change, in bytes.</summary>
    /// <param name="inputs">The number of inputs.</param>
    /// <param name="withChange">Whether it has a change output.</param>
    /// <returns>The size (an upper bound, as <see cref="InputSize"/> is).</returns>
    public int TransactionSize(int inputs, bool withChange)
    {
        int outputs = OutputCount + (withChange ? 1 : 0);
        return 4 + Transactions.VarInt.SizeOf((ulong)inputs) + (inputs * InputSize)
            + Transactions.VarInt.SizeOf((ulong)outputs) + OutputsSize + (withChange ? ChangeOutputSize : 0) + 4;
    }
}
