using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EnergySettlement.Trading;

/// <summary>Starts every registered market operator with the host and stops them when it stops (registered by <c>AddMarket</c>).</summary>
internal sealed class MarketOperatorHostedService(IServiceProvider services, IEnumerable<MarketOperatorRegistration> markets) : IHostedService
{
    private readonly MarketOperatorRegistration[] _markets = markets.ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var market in _markets)
        {
            await services.GetRequiredKeyedService<MarketOperator>(market.Name).StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        for (var i = _markets.Length - 1; i >= 0; i--)
        {
            await services.GetRequiredKeyedService<MarketOperator>(_markets[i].Name).StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Marks that a market operator is registered under a market id, so the hosted service can find every keyed operator.</summary>
internal sealed record MarketOperatorRegistration(string Name);
