using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Tests.Anvil;
using EnergySettlement.Sequencing;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Ethereum.Tests.Docs;

/// <summary>The code shown in docs/ethereum.md, compiled and run here so it cannot rot.</summary>
public sealed class EthereumDocsSample(ContractFixture chain) : IClassFixture<ContractFixture>
{
    // docs/ethereum.md — "Configuration"
    public static ServiceProvider Configure(Uri rpcUrl, ulong chainId, string contractAddress, string storePath, ReadOnlySpan<byte> key32)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISequencedTransactionStore>(_ => FileSequencedTransactionStore.Open(storePath));
        var signer = new LocalKeySigner(Secp256k1PrivateKey.FromBytes(key32)); // or an ISigner backed by your KMS/HSM
        services.AddEnergySettlement(es => es.AddEthereum("mainnet", o =>
        {
            o.RpcUrl = rpcUrl;
            o.ChainId = chainId;
            o.ContractAddress = contractAddress;
            o.ContractVersion = BatchSettlementVersion.V2; // or Detect (the default): ask the contract
            o.Signer = signer;
            o.Confirmations = 12;
            o.MaxFeePerGasCap = 100_000_000_000; // 100 gwei
            o.Tokens.Add(new EthereumTokenOptions { Address = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", Symbol = "USDC", Decimals = 6 });
        }));
        return services.BuildServiceProvider();
    }

    // docs/ethereum.md — "Several paying accounts"
    public static ServiceProvider ConfigureSeveralPayers(Uri rpcUrl, ulong chainId, string contractAddress, ISequencedTransactionStore store, IReadOnlyList<Secp256k1PrivateKey> homeKeys)
    {
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddEnergySettlement(es => es.AddEthereum("neighbourhood", o =>
        {
            o.RpcUrl = rpcUrl;
            o.ChainId = chainId;
            o.ContractAddress = contractAddress;
            foreach (var homeKey in homeKeys)
            {
                o.Signers.Add(new LocalKeySigner(homeKey)); // or one KMS-backed ISigner per account
            }
        }));
        return services.BuildServiceProvider();
    }

    // docs/ethereum.md — "The commitment"
    public static async Task<(bool Whole, bool Holds)> ProvePayoutAsync(EthereumSettlementProvider provider, PreparedTransaction settled, SettlementBatch batch, int index)
    {
        var record = await provider.GetSettlementAsync(settled)      // the BatchSettled event in the receipt
            ?? throw new InvalidOperationException("not settled (yet)");
        var whole = record.Matches(batch);                            // the batch as the journal keeps it
        var proof = PayoutProof.Create(batch, index);                 // leaf position + audit path (about log2 n hashes)
        var holds = proof.Verify(record.Commitment);                  // anyone can check it
        return (whole, holds);
    }

    [Fact]
    public void Configure_DocsExample_ResolvesTheProviderWithNativeCoinAndToken()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("es-eth-docs-").FullName, "nonces.jsonl");
        using var sp = Configure(new Uri("https://eth.example.org/"), 1, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", path, new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 });
        var provider = sp.GetRequiredService<ChainProviderRegistry>().GetProvider(ChainId.Parse("eip155:1"));
        Assert.Equal(["eip155:1/slip44:60", "eip155:1/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"], provider.Capabilities.Assets.Select(a => a.Id.ToString()));
    }

    [Fact]
    public void ConfigureSeveralPayers_DocsExample_TheRegistryFindsTheOneProviderForEveryHome()
    {
        var keys = Enumerable.Range(201, 3).Select(TestChain.Key).ToArray();
        using var sp = ConfigureSeveralPayers(new Uri("https://eth.example.org/"), 1, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", new InMemorySequencedTransactionStore(), keys);
        var registry = sp.GetRequiredService<ChainProviderRegistry>();
        var homes = keys.Select(k => SettlementAccount.Create(ChainId.Parse("eip155:1"), EthereumAddress.FromPublicKey(k.PublicKey).ToString())).ToArray();

        var provider = Assert.IsType<EthereumSettlementProvider>(registry.GetProviderFor(homes[0]));
        Assert.Equal(homes, provider.Accounts);
        Assert.All(homes, h => Assert.Same(provider, registry.GetProviderFor(h)));
        Assert.Throws<InvalidOperationException>(() => registry.GetProviderFor(SettlementAccount.Create(ChainId.Parse("eip155:1"), TestChain.RandomAddress().ToString())));
    }

    [Fact]
    public async Task ProvePayoutAsync_DocsExampleOnASettledBatch_MatchesTheBatchAndProvesThePayout()
    {
        using var signer = await TestChain.FundedSignerAsync(chain.Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(chain.Node, signer, chain.Contract, confirmations: 1));
        var batch = TestChain.NativeBatch(provider, "docs-proof", (TestChain.RandomAddress(), 1, "leg-1"), (TestChain.RandomAddress(), 2, "leg-2"));
        var settled = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(settled);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, settled)).State);

        var (whole, holds) = await ProvePayoutAsync(provider, settled, batch, 1);

        Assert.True(whole);
        Assert.True(holds);
    }
}
