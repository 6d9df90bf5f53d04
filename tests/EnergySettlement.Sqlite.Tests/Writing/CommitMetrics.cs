using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EnergySettlement.Sqlite.Tests.Writing;

/// <summary>Collects the SQLite package's commit measurements for one journal file (tests run in parallel, so it
/// filters on the <c>db.namespace</c> tag).</summary>
internal sealed class CommitMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _path;

    public CommitMetrics(string path)
    {
        _path = path;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "EnergySettlement.Sqlite")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument.Name, (long)Math.Ceiling(value), tags));
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
            if (tag.Key == "db.namespace" && (string?)tag.Value == _path)
            {
                Measurements.Enqueue((instrument, value));
                return;
            }
        }
    }
}
