namespace EnergySettlement.Storage.Contracts;

/// <summary>
/// The base of every storage contract suite: xunit creates one instance per test, the derived class picks a fresh,
/// empty database for it, and <see cref="OpenAsync"/> opens a store on that database — the first time on an empty
/// database, later as after a restart (<see cref="ReopenAsync"/>) or as a second host (<see cref="OpenAsync"/> again).
/// </summary>
/// <typeparam name="TStore">The store contract under test.</typeparam>
public abstract class StoreContract<TStore> : IAsyncLifetime
    where TStore : class
{
    private readonly List<TStore> _opened = [];
    private TStore? _store;

    /// <summary>Gets the store the test works with.</summary>
    protected TStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await OpenTrackedAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await CloseAsync(store);
        }

        await DeleteDatabaseAsync();
    }

    /// <summary>Opens a store on this test's database (empty the first time, as left by earlier instances afterwards).</summary>
    /// <returns>The store.</returns>
    protected abstract Task<TStore> OpenAsync();

    /// <summary>Closes a store instance, as a host does when it stops.</summary>
    /// <param name="store">The instance.</param>
    /// <returns>A task that completes when it is closed.</returns>
    protected virtual async Task CloseAsync(TStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Deletes this test's database after every instance is closed.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    /// <summary>Closes <see cref="Store"/> (if open) and opens a new instance on the same database, as after a restart.</summary>
    /// <returns>A task that completes when the new instance is <see cref="Store"/>.</returns>
    protected async Task ReopenAsync()
    {
        await CloseStoreAsync();
        _store = await OpenTrackedAsync();
    }

    /// <summary>Closes <see cref="Store"/>, as a host does when it stops, so a test can look at (or damage) the
    /// database before <see cref="ReopenAsync"/>.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    protected async Task CloseStoreAsync()
    {
        if (_store is { } old)
        {
            _store = null;
            _opened.Remove(old);
            await CloseAsync(old);
        }
    }

    /// <summary>Opens another instance on the same database while <see cref="Store"/> stays open, as a second host
    /// would; it is closed when the test ends.</summary>
    /// <returns>The second instance.</returns>
    protected Task<TStore> OpenAnotherAsync() => OpenTrackedAsync();

    private async Task<TStore> OpenTrackedAsync()
    {
        var store = await OpenAsync();
        _opened.Add(store);
        return store;
    }
}
