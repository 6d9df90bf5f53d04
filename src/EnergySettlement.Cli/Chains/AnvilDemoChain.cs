using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Sequencing;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// <c>--chain anvil</c>: starts a throwaway local Anvil node (<see cref="AnvilProcess"/>), deploys the batch-settlement
/// contract (<c>BatchSettlementV2</c>) and the demo's token (<see cref="DemoEuroContract"/>, EURC, 6 decimals), gives each
/// account ether for gas and 500 EURC, lets each account allow the contract its EURC, then settles for real through the
/// SDK's Ethereum provider — each home from its own key — and stops the node when disposed (also after a failed start).
/// </summary>
/// <remarks>The accounts' keys are derived from their names (SHA-256 of a fixed label and the name) so that a run is
/// reproducible; they are public knowledge and must never hold anything outside this throwaway node. Payments are final
/// after <see cref="Confirmations"/> blocks; <see cref="AdvanceAsync"/> mines one.</remarks>
internal sealed class AnvilDemoChain : EthereumDemoChain
{
    /// <summary>The name on the command line.</summary>
    public new const string ChainName = "anvil";

    /// <summary>Blocks until a payment counts as final on the local node.</summary>
    public const int Confirmations = 2;

    /// <summary>What each account starts with: 500 EURC (in its smallest unit) and 10 ether for gas.</summary>
    public const ulong StartingTokens = 500_000_000;

    private static readonly UInt128 StartingWei = (UInt128)10 * 1_000_000_000_000_000_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(30);
    private readonly string? _binary;
    private AnvilProcess? _node;

    /// <summary>Creates the chain.</summary>
    /// <param name="binary">The Anvil binary, or <see langword="null"/> to find it (see <see cref="AnvilProcess.FindBinary"/>).</param>
    public AnvilDemoChain(string? binary = null) => _binary = binary;

    /// <inheritdoc/>
    public override string Name => ChainName;

    /// <summary>Gets the running node, once opened (until disposed).</summary>
    public AnvilProcess? Node => _node;

    /// <inheritdoc/>
    /// <remarks>Mines one block.</remarks>
    public override async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        var rpc = Rpc ?? throw new InvalidOperationException("The anvil chain is not open yet.");
        await rpc.CallAsync("anvil_mine", cancellationToken, "0x1").ConfigureAwait(false);
    }

    /// <summary>The key of a demo account on the throwaway node (derived from its name; never use it elsewhere).</summary>
    /// <param name="name">The account name.</param>
    /// <returns>The key; the caller disposes it.</returns>
    public static Secp256k1PrivateKey DemoKey(string name) =>
        Secp256k1PrivateKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("energy-settle demo, local Anvil node only: " + name)));

    /// <inheritdoc/>
    protected override async Task<EthereumDemoSetUp> SetUpAsync(IReadOnlyList<string> accountNames, CancellationToken cancellationToken)
    {
        if (_binary is not null && !File.Exists(_binary))
        {
            throw new CliException(ExitCodes.ChainUnavailable, $"Anvil is missing: '{_binary}' does not exist.");
        }

        var binary = _binary ?? AnvilProcess.FindBinary(Environment.CurrentDirectory);
        _node = await AnvilProcess.StartAsync(binary, StartTimeout, cancellationToken).ConfigureAwait(false);
        var rpc = new DemoJsonRpc(Http, _node.RpcUrl);
        var keys = new Dictionary<string, Secp256k1PrivateKey>(StringComparer.Ordinal);
        try
        {
            using var deployer = DemoKey("deployer");
            await rpc.CallAsync("anvil_setBalance", cancellationToken, EthereumAddress.FromPublicKey(deployer.PublicKey).ToString(), DemoJsonRpc.Quantity(StartingWei * 100)).ConfigureAwait(false);
            var contract = await DeployAsync(rpc, deployer, BatchSettlementDeployment.GetCreationBytecode(BatchSettlementVersion.V2), cancellationToken).ConfigureAwait(false);
            var token = await DeployAsync(rpc, deployer, DemoEuroContract.Bytecode, cancellationToken).ConfigureAwait(false);
            foreach (var name in accountNames)
            {
                var key = DemoKey(name);
                keys.Add(name, key);
                var address = EthereumAddress.FromPublicKey(key.PublicKey);
                await rpc.CallAsync("anvil_setBalance", cancellationToken, address.ToString(), DemoJsonRpc.Quantity(StartingWei)).ConfigureAwait(false);
                await rpc.TransactAsync(deployer, AnvilProcess.ChainId, token, DemoEuroContract.EncodeMint(address.ToArray(), StartingTokens), 200_000, ReceiptTimeout, cancellationToken).ConfigureAwait(false);
            }

            return new EthereumDemoSetUp(rpc, AnvilProcess.ChainId, contract, new EthereumDemoToken(token, DemoEuroContract.Symbol, DemoEuroContract.Decimals), keys, Confirmations, TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await StopAsync(keys).ConfigureAwait(false);
            throw new CliException(ExitCodes.ChainUnavailable, $"Setting up the local Anvil node failed: {ex.Message}", ex);
        }
        catch
        {
            await StopAsync(keys).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override ISequencedTransactionStore FallbackSequenceStore() => new InMemorySequencedTransactionStore();

    /// <inheritdoc/>
    protected override async ValueTask ReleaseSetUpAsync()
    {
        if (Interlocked.Exchange(ref _node, null) is { } node)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<EthereumAddress> DeployAsync(DemoJsonRpc rpc, Secp256k1PrivateKey deployer, byte[] bytecode, CancellationToken cancellationToken)
    {
        var receipt = await rpc.TransactAsync(deployer, AnvilProcess.ChainId, null, bytecode, 5_000_000, ReceiptTimeout, cancellationToken).ConfigureAwait(false);
        return EthereumAddress.Parse(receipt.GetProperty("contractAddress").GetString()!);
    }

    private async Task StopAsync(Dictionary<string, Secp256k1PrivateKey> keys)
    {
        foreach (var key in keys.Values)
        {
            key.Dispose();
        }

        await ReleaseSetUpAsync().ConfigureAwait(false);
    }
}
