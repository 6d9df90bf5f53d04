using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// One entry of an EIP-2930 access list: an account and the storage slots of it the transaction declares it will touch.
/// </summary>
/// <remarks>
/// On the wire the entry is <c>[address, [storageKey, …]]</c>, each storage key a 32-byte word (written with its
/// leading zeros, unlike RLP integers). Equality compares the address and the keys in order. Immutable and thread-safe.
/// </remarks>
public readonly struct AccessListEntry : IEquatable<AccessListEntry>
{
    private readonly ImmutableArray<UInt256> _storageKeys;

    /// <summary>Creates an entry.</summary>
    /// <param name="address">The account.</param>
    /// <param name="storageKeys">The storage slots, in order (may be empty; <c>default</c> means empty).</param>
    public AccessListEntry(EthereumAddress address, ImmutableArray<UInt256> storageKeys)
    {
        Address = address;
        _storageKeys = storageKeys;
    }

    /// <summary>Gets the account.</summary>
    public EthereumAddress Address { get; }

    /// <summary>Gets the storage slots (32-byte words), in order; never the default array.</summary>
    public ImmutableArray<UInt256> StorageKeys => _storageKeys.IsDefault ? ImmutableArray<UInt256>.Empty : _storageKeys;

    /// <summary>Equality.</summary>
    /// <param name="left">The first entry.</param>
    /// <param name="right">The second entry.</param>
    /// <returns>Whether address and keys are equal.</returns>
    public static bool operator ==(AccessListEntry left, AccessListEntry right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first entry.</param>
    /// <param name="right">The second entry.</param>
    /// <returns>Whether address or keys differ.</returns>
    public static bool operator !=(AccessListEntry left, AccessListEntry right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(AccessListEntry other) => Address == other.Address && StorageKeys.AsSpan().SequenceEqual(other.StorageKeys.AsSpan());

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is AccessListEntry other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Address, StorageKeys.Length);

    /// <summary>Returns the address and the number of storage keys.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Address} ({StorageKeys.Length} storage keys)";
}
