using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;

namespace EnergySettlement.Ethereum.Tests.Anvil;

/// <summary>An Anvil node with both batch-settlement contracts deployed, per test class: <see cref="Contract"/> is
/// BatchSettlementV2 (what new deployments use), <see cref="ContractV1"/> the version-1 BatchSettlement.</summary>
public sealed class ContractFixture : IAsyncLifetime
{
    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("The fixture has not started.");

    public EthereumAddress Contract { get; private set; }

    public EthereumAddress ContractV1 { get; private set; }

    public async Task InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        Contract = await TestChain.DeployAsync(_node, BatchSettlementV2Contract.Bytecode);
        ContractV1 = await TestChain.DeployAsync(_node, BatchSettlementContract.Bytecode);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
