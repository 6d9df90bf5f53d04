using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;
using EnergySettlement.Sequencing;

namespace EnergySettlement.Ethereum.Tests.Anvil;

/// <summary>Keys, funding, deployment and provider construction against an <see cref="AnvilNode"/>.</summary>
public static class TestChain
{
    public static readonly ChainId Chain = ChainId.Parse("eip155:31337");

    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    /// <summary>A fixed key for a seed (the deployer is seed 1, so the contract address is the same on every fresh node).</summary>
    public static Secp256k1PrivateKey Key(int seed)
    {
        var bytes = SHA256.HashData(BitConverter.GetBytes(seed));
        return Secp256k1PrivateKey.FromBytes(bytes);
    }

    public static LocalKeySigner Signer(int seed) => new(Key(seed));

    /// <summary>A fresh random account with a balance.</summary>
    public static async Task<LocalKeySigner> FundedSignerAsync(AnvilNode node, BigInteger wei)
    {
        var signer = new LocalKeySigner(Secp256k1PrivateKey.Generate());
        await node.SetBalanceAsync(signer.Address.ToString(), wei);
        return signer;
    }

    public static EthereumAddress RandomAddress() => EthereumAddress.FromBytes(RandomNumberGenerator.GetBytes(20));

    /// <summary>Deploys creation bytecode from the seed-1 key and returns the contract address.</summary>
    public static async Task<EthereumAddress> DeployAsync(AnvilNode node, ReadOnlyMemory<byte> bytecode, int seed = 1)
    {
        using var key = Key(seed);
        var deployer = EthereumAddress.FromPublicKey(key.PublicKey);
        await node.SetBalanceAsync(deployer.ToString(), 100 * Ether);
        var nonce = Convert.ToUInt64((await node.RpcAsync("eth_getTransactionCount", deployer.ToString(), "pending")).GetString(), 16);
        var tx = new Eip1559Transaction
        {
            ChainId = AnvilNode.ChainId,
            Nonce = nonce,
            GasLimit = 5_000_000,
            To = null,
            Data = bytecode,
            MaxFeePerGas = 100_000_000_000UL,
            MaxPriorityFeePerGas = 1_000_000_000UL,
        };
        var receipt = await SendAndMineAsync(node, tx.Sign(key));
        return EthereumAddress.Parse(receipt.GetProperty("contractAddress").GetString()!);
    }

    /// <summary>Sends a call from a seed key and mines it.</summary>
    public static async Task<JsonElement> CallAsync(AnvilNode node, int seed, EthereumAddress to, byte[] data)
    {
        using var key = Key(seed);
        await node.SetBalanceAsync(EthereumAddress.FromPublicKey(key.PublicKey).ToString(), 100 * Ether);
        return await TransactAsync(node, key, to, data, UInt256.Zero, 500_000);
    }

    /// <summary>Sends a call with a value from a key (already funded), mines it and returns the receipt; fails when it reverts.</summary>
    public static async Task<JsonElement> TransactAsync(AnvilNode node, Secp256k1PrivateKey key, EthereumAddress to, byte[] data, UInt256 value, ulong gasLimit)
    {
        var from = EthereumAddress.FromPublicKey(key.PublicKey);
        var nonce = Convert.ToUInt64((await node.RpcAsync("eth_getTransactionCount", from.ToString(), "pending")).GetString(), 16);
        var tx = new Eip1559Transaction
        {
            ChainId = AnvilNode.ChainId,
            Nonce = nonce,
            GasLimit = gasLimit,
            To = to,
            Value = value,
            Data = data,
            MaxFeePerGas = 100_000_000_000UL,
            MaxPriorityFeePerGas = 1_000_000_000UL,
        };
        return await SendAndMineAsync(node, tx.Sign(key));
    }

    /// <summary>Runs a read-only call and returns its 32-byte words.</summary>
    public static async Task<byte[]> ViewAsync(AnvilNode node, EthereumAddress to, byte[] data)
    {
        var call = new System.Text.Json.Nodes.JsonObject { ["to"] = to.ToString(), ["data"] = Hex.Encode(data, withPrefix: true) };
        return Hex.Decode((await node.RpcAsync("eth_call", call, "latest")).GetString());
    }

    /// <summary>Deploys a test contract from its committed artifact under tests/…/Contracts, with ABI-encoded constructor arguments.</summary>
    public static async Task<EthereumAddress> DeployTestContractAsync(AnvilNode node, string contract, byte[]? constructorArguments = null, int seed = 2)
    {
        var artifact = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tests", "EnergySettlement.Ethereum.Tests", "Contracts", contract + ".json"));
        using var document = JsonDocument.Parse(artifact);
        byte[] bytecode = [.. Hex.Decode(document.RootElement.GetProperty("bytecode").GetString()), .. constructorArguments ?? []];
        return await DeployAsync(node, bytecode, seed);
    }

    /// <summary>
    /// Reads the status until Anvil's automine has included the transaction (automine mines just after
    /// eth_sendRawTransaction returns): a bounded poll, at most 5 seconds.
    /// </summary>
    public static async Task<SettlementStatus> IncludedStatusAsync(EthereumSettlementProvider provider, PreparedTransaction transaction)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        while (true)
        {
            var status = await provider.GetStatusAsync(transaction);
            if (status.State != SettlementState.Pending || DateTimeOffset.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(20);
        }
    }

    public static async Task<JsonElement> ReceiptAsync(AnvilNode node, ChainTransactionId id) => await node.RpcAsync("eth_getTransactionReceipt", id.Value);

    public static EthereumOptions Options(AnvilNode node, ISigner signer, EthereumAddress contract, int confirmations = 2) => new()
    {
        RpcUrl = node.RpcUrl,
        ChainId = AnvilNode.ChainId,
        ContractAddress = contract.ToString(),
        Signer = signer,
        Confirmations = confirmations,
        BlockTime = TimeSpan.FromSeconds(1),
        MaxRetryAttempts = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    public static EthereumSettlementProvider Provider(EthereumOptions options, ISequencedTransactionStore? store = null) =>
        new(options, store ?? new InMemorySequencedTransactionStore(), new HttpClient());

    public static SettlementBatch NativeBatch(EthereumSettlementProvider provider, string id, params (EthereumAddress Payee, long Wei, string? Reference)[] payouts)
    {
        var asset = provider.Capabilities.NativeAsset;
        return new SettlementBatch(
            new SettlementBatchId(id),
            provider.Account,
            asset,
            payouts.Select(p => new Payout(SettlementAccount.Create(Chain, p.Payee.ToString()), new Money(p.Wei, asset), p.Reference)));
    }

    private static async Task<JsonElement> SendAndMineAsync(AnvilNode node, SignedTransaction signed)
    {
        var hash = (await node.RpcAsync("eth_sendRawTransaction", signed.ToHexString())).GetString()!;
        for (var i = 0; i < 50; i++)
        {
            var receipt = await node.RpcAsync("eth_getTransactionReceipt", hash);
            if (receipt.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal("0x1", receipt.GetProperty("status").GetString());
                return receipt;
            }

            await node.MineAsync();
        }

        throw new InvalidOperationException($"{hash} was not mined.");
    }
}
