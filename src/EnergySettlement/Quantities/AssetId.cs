using System.Diagnostics.CodeAnalysis;

namespace EnergySettlement;

using EnergySettlement.Chains;

/// <summary>
/// A CAIP-19 asset type id: <c>chain_id/asset_namespace:asset_reference</c>, for example
/// <c>eip155:1/slip44:60</c> (ether) or <c>eip155:1/erc20:0x6b175474e89094c44da98b954eedeac495271d0f</c> (a token).
/// </summary>
/// <remarks>Immutable; equality is ordinal on the text. Thread-safe.</remarks>
public readonly struct AssetId : IEquatable<AssetId>
{
    private readonly string? _value;

    private AssetId(ChainId chainId, string value)
    {
        ChainId = chainId;
        _value = value;
    }

    /// <summary>Gets the chain the asset lives on.</summary>
    public ChainId ChainId { get; }

    /// <summary>Gets the asset namespace (for example <c>slip44</c> for a chain's native coin, <c>erc20</c> for a token).</summary>
    public string AssetNamespace => AssetPart[..AssetPart.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>Gets the asset reference (for example <c>60</c> or a token contract address).</summary>
    public string AssetReference => AssetPart[(AssetPart.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private string AssetPart => Text[(Text.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private string Text => _value ?? throw new InvalidOperationException("This AssetId is the default value and names no asset.");

    /// <summary>Equality.</summary>
    public static bool operator ==(AssetId left, AssetId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(AssetId left, AssetId right) => !left.Equals(right);

    /// <summary>Parses a CAIP-19 asset type id.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException">The text is not <c>chain_id/asset_namespace:asset_reference</c>.</exception>
    public static AssetId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id)
            ? id
            : throw new FormatException($"'{text}' is not a CAIP-19 asset id: expected 'chain_id/asset_namespace:asset_reference', e.g. 'eip155:1/slip44:60'.");
    }

    /// <summary>Tries to parse a CAIP-19 asset type id.</summary>
    /// <param name="text">The text.</param>
    /// <param name="assetId">The id, when valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out AssetId assetId)
    {
        assetId = default;
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !ChainId.TryParse(text[..slash], out var chain))
        {
            return false;
        }

        var asset = text.AsSpan(slash + 1);
        var colon = asset.IndexOf(':');
        if (colon < 0 || !Caip.IsNamespace(asset[..colon]) || !Caip.IsAddress(asset[(colon + 1)..]))
        {
            return false;
        }

        assetId = new AssetId(chain, text);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(AssetId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AssetId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Returns the CAIP-19 text, or an empty string for the default value.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value ?? string.Empty;
}
