using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;

namespace EnergySettlement.Ethereum.Tests.Anvil;

/// <summary>An Anvil node with the BatchSettlement contract deployed, per test class.</summary>
public sealed class ContractFixture : IAsyncLifetime
{
    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("The fixture has not started.");

    public EthereumAddress Contract { get; private set; }

    public async Task InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        Contract = await TestChain.DeployAsync(_node, BatchSettlementContract.Bytecode);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
