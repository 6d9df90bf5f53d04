using System.Globalization;
using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Commitments;

/// <summary>
/// The hashing behind <see cref="BatchCommitment"/> and <see cref="PayoutProof"/> (docs/ethereum.md, "The commitment"):
/// a Merkle tree in the shape of RFC 6962 / RFC 9162 over Keccak-256, with leaves <c>0x00 ‖ payee ‖ amount ‖
/// keccak256(reference)</c> and nodes <c>0x01 ‖ left ‖ right</c> (the prefixes keep a leaf from passing for a node),
/// and a commitment that binds the root to the chain, payer, batch id, asset and payout count.
/// </summary>
internal static class CommitmentHashing
{
    /// <summary>The domain tag hashed first into every commitment: keccak256("EnergySettlement.BatchCommitment.v1").</summary>
    public static readonly Bytes32 Domain = new(Keccak256.Hash("EnergySettlement.BatchCommitment.v1"u8));

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>The batch key the contracts index: keccak256 of the UTF-8 batch id.</summary>
    public static Bytes32 BatchKey(SettlementBatchId batchId) => new(Keccak256.Hash(Encoding.UTF8.GetBytes(batchId.Value)));

    /// <summary>The leaf of one payout: keccak256(0x00 ‖ payee (20 bytes) ‖ amount (uint256) ‖ reference hash).</summary>
    /// <remarks>The reference hash is keccak256 of the UTF-8 reference, or 32 zero bytes when there is none (so an
    /// empty reference and no reference differ).</remarks>
    public static Bytes32 Leaf(Payout payout)
    {
        ArgumentNullException.ThrowIfNull(payout);
        Span<byte> leaf = stackalloc byte[1 + EthereumAddress.SizeInBytes + 32 + 32];
        leaf[0] = LeafPrefix;
        AddressOf(payout.Payee).WriteBytes(leaf.Slice(1, EthereumAddress.SizeInBytes));
        AmountOf(payout.Amount).WriteBigEndian32(leaf.Slice(21, 32));
        var referenceHash = leaf.Slice(53, 32);
        if (payout.Reference is { } reference)
        {
            Keccak256.Hash(Encoding.UTF8.GetBytes(reference), referenceHash);
        }
        else
        {
            referenceHash.Clear();
        }

        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(leaf, hash);
        return new Bytes32(hash);
    }

    /// <summary>An inner node: keccak256(0x01 ‖ left ‖ right).</summary>
    public static Bytes32 Node(Bytes32 left, Bytes32 right)
    {
        Span<byte> node = stackalloc byte[65];
        node[0] = NodePrefix;
        left.WriteTo(node.Slice(1, 32));
        right.WriteTo(node.Slice(33, 32));
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(node, hash);
        return new Bytes32(hash);
    }

    /// <summary>The root of the leaves (RFC 6962 MTH): a single leaf is its own root; otherwise split at the largest
    /// power of two below the count.</summary>
    public static Bytes32 Root(ReadOnlySpan<Bytes32> leaves)
    {
        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        var split = LargestPowerOfTwoBelow(leaves.Length);
        return Node(Root(leaves[..split]), Root(leaves[split..]));
    }

    /// <summary>The audit path of leaf <paramref name="index"/> (RFC 6962 PATH): siblings from the leaf up to the root.</summary>
    public static void Path(ReadOnlySpan<Bytes32> leaves, int index, List<Bytes32> path)
    {
        if (leaves.Length == 1)
        {
            return;
        }

        var split = LargestPowerOfTwoBelow(leaves.Length);
        if (index < split)
        {
            Path(leaves[..split], index, path);
            path.Add(Root(leaves[split..]));
        }
        else
        {
            Path(leaves[split..], index - split, path);
            path.Add(Root(leaves[..split]));
        }
    }

    /// <summary>
    /// The root an audit path leads to from a leaf at <paramref name="index"/> of <paramref name="count"/> leaves (the
    /// RFC 9162 §2.1.3.2 verification walk), or <see langword="null"/> when the path does not fit that position.
    /// </summary>
    public static Bytes32? RootFromPath(Bytes32 leaf, int index, int count, IReadOnlyList<Bytes32> path)
    {
        if (index < 0 || index >= count)
        {
            return null;
        }

        long fn = index;
        long sn = count - 1;
        var r = leaf;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }

    /// <summary>keccak256(abi.encode(domain, chainId, payer, batchKey, token, payoutCount, root)).</summary>
    public static Bytes32 Commit(ulong chainId, EthereumAddress payer, Bytes32 batchKey, EthereumAddress token, int payoutCount, Bytes32 root)
    {
        Span<byte> encoded = stackalloc byte[7 * 32];
        encoded.Clear();
        Domain.WriteTo(encoded[..32]);
        ((UInt256)chainId).WriteBigEndian32(encoded.Slice(32, 32));
        payer.WriteBytes(encoded.Slice(64 + 12, 20));
        batchKey.WriteTo(encoded.Slice(96, 32));
        token.WriteBytes(encoded.Slice(128 + 12, 20));
        ((UInt256)(ulong)payoutCount).WriteBigEndian32(encoded.Slice(160, 32));
        root.WriteTo(encoded.Slice(192, 32));
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(encoded, hash);
        return new Bytes32(hash);
    }

    /// <summary>The EIP-155 chain id of an <c>eip155</c> CAIP-2 chain.</summary>
    /// <exception cref="ArgumentException">The chain is not an EVM chain.</exception>
    public static ulong ChainIdOf(ChainId chain)
    {
        if (chain.Namespace != "eip155" || !ulong.TryParse(chain.Reference, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new ArgumentException($"A batch commitment is defined for EVM chains (eip155:<chain id>); found {chain}.", nameof(chain));
        }

        return id;
    }

    /// <summary>The token contract of an asset, or the zero address for the native coin (<c>slip44</c>).</summary>
    /// <exception cref="ArgumentException">The asset is neither the native coin nor an <c>erc20</c> token.</exception>
    public static EthereumAddress TokenOf(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.Id.AssetNamespace switch
        {
            "slip44" => EthereumAddress.Zero,
            "erc20" when EthereumAddress.TryParse(asset.Id.AssetReference, out var token) => token,
            _ => throw new ArgumentException($"A batch commitment covers the native coin (slip44) or an ERC-20 token (erc20:<address>); found {asset.Id}.", nameof(asset)),
        };
    }

    /// <summary>The Ethereum address of an account.</summary>
    /// <exception cref="ArgumentException">The address is not a valid (EIP-55 if mixed-case) Ethereum address.</exception>
    public static EthereumAddress AddressOf(SettlementAccount account) => EthereumAddress.TryParse(account.Address, out var address)
        ? address
        : throw new ArgumentException($"{account} is not a valid Ethereum address (0x and 40 hex digits, EIP-55 checksum if mixed case).", nameof(account));

    /// <summary>A positive amount as a uint256.</summary>
    public static UInt256 AmountOf(Money amount) => amount.Amount < 0
        ? throw new ArgumentException($"A payout amount cannot be negative; found {amount}.", nameof(amount))
        : (UInt256)(UInt128)amount.Amount;

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
