namespace EnergySettlement.Ethereum.Tests.Anvil;

/// <summary>One Anvil node per test class (xunit class fixture), stopped after the class.</summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("The Anvil fixture has not started.");

    public async Task InitializeAsync() => _node = await AnvilNode.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
