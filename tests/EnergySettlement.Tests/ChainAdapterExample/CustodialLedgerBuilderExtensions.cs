using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>One builder extension, so hosts write <c>es.AddCustodialLedger(…)</c>.</summary>
public static class CustodialLedgerBuilderExtensions
{
    /// <summary>Adds the adapter; the ledger client is the <see cref="ICustodialLedger"/> the host registered.</summary>
    public static EnergySettlementBuilder AddCustodialLedger(this EnergySettlementBuilder builder, string name, ChainId chainId, Asset asset) =>
        builder.AddChainProvider(name, sp => new CustodialLedgerProvider(chainId, asset, sp.GetRequiredService<ICustodialLedger>()));
}
