using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EnergySettlement.PostgreSql.Tests.Writing;

/// <summary>Collects the PostgreSQL package's commit measurements for one schema (filters on <c>db.namespace</c>).</summary>
internal sealed class CommitMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _schema;

    public CommitMetrics(string schema)
    {
        _schema = schema;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "EnergySettlement.PostgreSql")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, long Value)> Measurements { get; } = new();

    public long[] Values(string instrument) => Measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToArray();

    public long Sum(string instrument) => Values(instrument).Sum();

    public void Dispose() => _listener.Dispose();

    private void Add(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "db.namespace" && (string?)tag.Value == _schema)
            {
                Measurements.Enqueue((instrument, value));
                return;
            }
        }
    }
}
