using System.Diagnostics.CodeAnalysis;

namespace EnergySettlement.Chains;

/// <summary>
/// A participant's account on a chain, written as a CAIP-10 account id:
/// <c>chain_id:account_address</c>, for example <c>eip155:1:0xab16a96D359eC26a11e2C2b3d8f8B8942d5Bfcdb</c>.
/// </summary>
/// <remarks>
/// Parsing checks the CAIP-10 syntax only. Whether the address is valid on its chain (checksum, version byte)
/// is the chain adapter's call: see <see cref="ChainSettlementProvider.ValidateAddress(SettlementAccount)"/> and
/// <see cref="ChainProviderRegistry.ValidateAccount(SettlementAccount)"/>. Immutable; equality is ordinal. Thread-safe.
/// </remarks>
public readonly struct SettlementAccount : IEquatable<SettlementAccount>
{
    private readonly string? _address;

    private SettlementAccount(ChainId chainId, string address)
    {
        ChainId = chainId;
        _address = address;
    }

    /// <summary>Gets the chain the account lives on.</summary>
    public ChainId ChainId { get; }

    /// <summary>Gets the address as written on its chain (for example an EIP-55 hex address or a Base58 Dash address).</summary>
    public string Address => _address ?? throw new InvalidOperationException("This SettlementAccount is the default value and names no account.");

    /// <summary>Equality.</summary>
    public static bool operator ==(SettlementAccount left, SettlementAccount right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SettlementAccount left, SettlementAccount right) => !left.Equals(right);

    /// <summary>Creates an account from its chain and address.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="address">The address; must match CAIP-10 <c>[-.%a-zA-Z0-9]{1,128}</c>.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentException">The chain id is the default value or the address has characters CAIP-10 does not allow.</exception>
    public static SettlementAccount Create(ChainId chainId, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (chainId == default)
        {
            throw new ArgumentException("The chain id must name a chain.", nameof(chainId));
        }

        if (!Caip.IsAddress(address))
        {
            throw new ArgumentException($"'{address}' is not a CAIP-10 account address: expected 1 to 128 characters of [-.%a-zA-Z0-9].", nameof(address));
        }

        return new SettlementAccount(chainId, address);
    }

    /// <summary>Parses a CAIP-10 account id.</summary>
    /// <param name="text">The text, such as <c>eip155:1:0xab16…</c>.</param>
    /// <returns>The account.</returns>
    /// <exception cref="FormatException">The text is not <c>namespace:reference:address</c> in CAIP-10 syntax.</exception>
    public static SettlementAccount Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var account)
            ? account
            : throw new FormatException($"'{text}' is not a CAIP-10 account id: expected 'namespace:reference:address', e.g. 'eip155:1:0xab16a96D359eC26a11e2C2b3d8f8B8942d5Bfcdb'.");
    }

    /// <summary>Tries to parse a CAIP-10 account id.</summary>
    /// <param name="text">The text.</param>
    /// <param name="account">The account, when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is valid CAIP-10.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out SettlementAccount account)
    {
        account = default;
        if (text is null)
        {
            return false;
        }

        var last = text.LastIndexOf(':');
        if (last <= 0 || !ChainId.TryParse(text[..last], out var chain) || !Caip.IsAddress(text.AsSpan(last + 1)))
        {
            return false;
        }

        account = new SettlementAccount(chain, text[(last + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(SettlementAccount other) => ChainId == other.ChainId && string.Equals(_address, other._address, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SettlementAccount other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ChainId, _address is null ? 0 : StringComparer.Ordinal.GetHashCode(_address));

    /// <summary>Returns the CAIP-10 text, or an empty string for the default value.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _address is null ? string.Empty : $"{ChainId}:{_address}";
}
