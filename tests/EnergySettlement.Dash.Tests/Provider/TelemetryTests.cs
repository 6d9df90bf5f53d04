using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Dash.Tests.Provider;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Prepare_RecordsASignedTransactionTaggedWithTheChain()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var recorded = new List<(string Instrument, long Value, string? Chain, string? Kind)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "EnergySettlement.Dash")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? chain = null;
            string? kind = null;
            foreach (var tag in tags)
            {
                chain = tag.Key == "chain.id" ? tag.Value?.ToString() : chain;
                kind = tag.Key == "kind" ? tag.Value?.ToString() : kind;
            }

            lock (recorded)
            {
                recorded.Add((instrument.Name, value, chain, kind));
            }
        });
        listener.Start();

        await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        lock (recorded)
        {
            Assert.Contains(recorded, r => r.Instrument == "energy_settlement.dash.transactions.signed" && r.Value == 1 && r.Chain == f.Network.ChainId.ToString() && r.Kind == "new");
            Assert.Contains(recorded, r => r.Instrument == "energy_settlement.dash.transaction.size" && r.Value > 200);
        }
    }

    [Fact]
    public void Log_EventIds_AreFixedUniqueAndInThePackageRange()
    {
        var log = typeof(DashSettlementProvider).Assembly.GetType("EnergySettlement.Dash.Log", throwOnError: true)!;
        var ids = log.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .Where(a => a is not null)
            .Select(a => a!.EventId)
            .ToArray();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 5000, 5199));
    }
}
