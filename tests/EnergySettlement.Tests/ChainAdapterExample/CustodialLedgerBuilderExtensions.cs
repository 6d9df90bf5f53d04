using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>docs/chain-adapters.md, step 3: one builder extension, so hosts write <c>es.AddCustodialLedger(...)</c>.</summary>
public static class CustodialLedgerBuilderExtensions
{
    public static EnergySettlementBuilder AddCustodialLedger(this EnergySettlementBuilder builder, string name, ChainId chainId, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddChainProvider(name, sp => new CustodialLedgerProvider(chainId, asset, sp.GetRequiredService<ICustodialLedger>()));
    }
}
