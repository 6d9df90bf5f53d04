using System.Globalization;
using EnergySettlement.Chains;

namespace EnergySettlement.Coins;

/// <summary>A coin on a UTXO chain: an output of a transaction, named by the transaction's id and the output's index.</summary>
/// <param name="TransactionId">The transaction that created the output (as the chain shows it: a byte-reversed hex txid on Dash).</param>
/// <param name="Index">The output's position in that transaction, from 0.</param>
/// <remarks>Immutable; thread-safe.</remarks>
public readonly record struct OutPoint(ChainTransactionId TransactionId, uint Index)
{
    /// <summary>Parses <c>txid:index</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The outpoint.</returns>
    /// <exception cref="FormatException">The text is not a transaction id, a colon and a decimal index.</exception>
    public static OutPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new FormatException($"'{text}' is not an outpoint: expected 'txid:index'.");
        }

        try
        {
            return new OutPoint(new ChainTransactionId(text[..colon]), index);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"'{text}' is not an outpoint: {ex.Message}", ex);
        }
    }

    /// <summary>Returns <c>txid:index</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{TransactionId}:{Index}");
}
