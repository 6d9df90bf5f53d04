using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Dash.Tests.Backends.Http;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also records the due time of every timer created on it, so a test can wait
/// until the code under test has started waiting (a retry delay, a timeout) before advancing the clock.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Done)> _waiters = [];

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public IReadOnlyList<TimeSpan> DueTimes => [.. _dueTimes];

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _dueTimes.Enqueue(dueTime);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].DueTime == dueTime)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }

        return timer;
    }

    /// <summary>Completes once a timer with exactly <paramref name="dueTime"/> has been created (fails after 30 s).</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (_dueTimes.Contains(dueTime))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, done));
            return done.Task.WaitAsync(WaitLimit);
        }
    }

    public void Advance(TimeSpan delta) => Fake.Advance(delta);
}
