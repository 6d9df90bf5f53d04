using EnergySettlement.Chains;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Meters;

/// <summary>
/// Decides whether a meter reading counts. A reading is rejected, with a typed reason, when its meter is unknown, its
/// interval is misaligned, it repeats an accepted reading, a register goes backwards, it claims more energy than the
/// meter's capacity allows, or its signature is missing (when required) or bad. A rejected reading changes nothing.
/// </summary>
/// <remarks>
/// The validator remembers each meter's accepted readings (period and registers) to find duplicates and registers that go
/// backwards, also for readings that arrive out of order. Thread-safe: readings of one meter are checked one at a time.
/// </remarks>
public sealed class MeterReadingValidator
{
    private readonly IMeterRegistry _registry;
    private readonly Dictionary<SignatureAlgorithm, IMeterSignatureVerifier> _verifiers = [];
    private readonly MeterValidationOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<MeterId, SortedList<DateTimeOffset, Registers>> _accepted = [];
    private readonly object _gate = new();

    /// <summary>Creates a validator.</summary>
    /// <param name="registry">Where meters are looked up.</param>
    /// <param name="verifiers">Signature verifiers, one per algorithm.</param>
    /// <param name="options">The rules.</param>
    /// <param name="logger">Receives one line per rejection (never key material).</param>
    /// <exception cref="ArgumentException">The options are invalid or two verifiers handle the same algorithm.</exception>
    public MeterReadingValidator(IMeterRegistry registry, IEnumerable<IMeterSignatureVerifier> verifiers, MeterValidationOptions options, ILogger<MeterReadingValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(verifiers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("Invalid meter validation options: " + string.Join(" ", errors), nameof(options));
        }

        foreach (var verifier in verifiers)
        {
            if (!_verifiers.TryAdd(verifier.Algorithm, verifier))
            {
                throw new ArgumentException($"Two signature verifiers handle {verifier.Algorithm}.", nameof(verifiers));
            }
        }

        _registry = registry;
        _options = options;
        _logger = logger;
    }

    /// <summary>Validates a reading and, when it is accepted, remembers it.</summary>
    /// <param name="reading">The reading.</param>
    /// <returns>Accepted (with participant and period) or rejected (with a reason and message).</returns>
    public MeterReadingValidationResult Validate(MeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var result = Check(reading);
        if (!result.IsAccepted)
        {
            Log.ReadingRejected(_logger, reading.Meter, reading.IntervalStart, result.Reason!.Value, result.Message);
        }

        return result;
    }

    /// <summary>Forgets accepted readings of periods that start before <paramref name="cutoff"/>, bounding memory.
    /// Readings for those periods arriving later can no longer be recognised as duplicates: settle them first.</summary>
    /// <param name="cutoff">The earliest period start to keep.</param>
    public void ForgetBefore(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            foreach (var history in _accepted.Values)
            {
                while (history.Count > 0 && history.Keys[0] < cutoff)
                {
                    history.RemoveAt(0);
                }
            }
        }
    }

    private MeterReadingValidationResult Check(MeterReading reading)
    {
        if (_registry.Find(reading.Meter) is not { } meter)
        {
            return MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.UnknownMeter, $"Meter '{reading.Meter}' is not registered.");
        }

        if (reading.Imported.WattHours < 0 || reading.Exported.WattHours < 0 || reading.ImportRegisterWattHours < 0 || reading.ExportRegisterWattHours < 0)
        {
            return MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.NegativeValue,
                $"Energy and registers must not be negative; found import {reading.Imported}, export {reading.Exported}, registers {reading.ImportRegisterWattHours}/{reading.ExportRegisterWattHours} Wh.");
        }

        if (reading.IntervalLength != _options.PeriodLength || reading.IntervalStart.Offset != TimeSpan.Zero ||
            DeliveryPeriod.Containing(reading.IntervalStart, _options.PeriodLength).Start != reading.IntervalStart)
        {
            return MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.PeriodMisaligned,
                $"Expected a UTC interval of {_options.PeriodLength} starting on a period boundary; found {reading.IntervalStart:O} for {reading.IntervalLength}.");
        }

        var period = DeliveryPeriod.Create(reading.IntervalStart, reading.IntervalLength);
        var limit = meter.MaximumEnergyIn(period.Length);
        if (reading.Imported > limit || reading.Exported > limit)
        {
            return MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.ExceedsCapacity,
                $"Meter '{reading.Meter}' is rated {meter.RatedPowerWatts} W, at most {limit} in {period.Length}; found import {reading.Imported}, export {reading.Exported}.");
        }

        if (CheckSignature(reading, meter) is { } signatureProblem)
        {
            return signatureProblem;
        }

        lock (_gate)
        {
            if (!_accepted.TryGetValue(reading.Meter, out var history))
            {
                history = [];
                _accepted.Add(reading.Meter, history);
            }

            if (history.ContainsKey(period.Start))
            {
                return MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.Duplicate,
                    $"A reading of meter '{reading.Meter}' for {period} was already accepted.");
            }

            var current = new Registers(reading.ImportRegisterWattHours, reading.ExportRegisterWattHours);
            if (Neighbours(history, period.Start) is var (before, after) &&
                ((before is { } b && (current.Import < b.Import || current.Export < b.Export)) ||
                 (after is { } a && (current.Import > a.Import || current.Export > a.Export))))
            {
                return MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.RegisterWentBackwards,
                    $"Registers of meter '{reading.Meter}' must not decrease over time; found {current.Import}/{current.Export} Wh for {period}, between accepted readings {Describe(before)} and {Describe(after)}.");
            }

            history.Add(period.Start, current);
        }

        return MeterReadingValidationResult.Accepted(reading, meter.Participant, period);
    }

    private MeterReadingValidationResult? CheckSignature(MeterReading reading, MeterRegistration meter)
    {
        if (reading.Signature.IsEmpty || meter.PublicKey.IsEmpty)
        {
            return _options.RequireSignatures
                ? MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.MissingSignature,
                    reading.Signature.IsEmpty ? $"Signatures are required; the reading of meter '{reading.Meter}' has none." : $"Signatures are required; meter '{reading.Meter}' has no registered key.")
                : null;
        }

        if (!_verifiers.TryGetValue(meter.SignatureAlgorithm, out var verifier))
        {
            return MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.BadSignature,
                $"No signature verifier is registered for {meter.SignatureAlgorithm}, the algorithm of meter '{reading.Meter}'.");
        }

        return verifier.Verify(meter.PublicKey.Span, MeterReadingEncoding.Encode(reading), reading.Signature.Span)
            ? null
            : MeterReadingValidationResult.Rejected(reading, MeterReadingRejectionReason.BadSignature,
                $"The signature of the reading of meter '{reading.Meter}' for {reading.IntervalStart:O} does not verify against the meter's key.");
    }

    private static (Registers? Before, Registers? After) Neighbours(SortedList<DateTimeOffset, Registers> history, DateTimeOffset start)
    {
        // Binary search for the first accepted period after this one.
        int lo = 0, hi = history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (history.Keys[mid] < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo > 0 ? history.Values[lo - 1] : null, lo < history.Count ? history.Values[lo] : null);
    }

    private static string Describe(Registers? registers) => registers is { } r ? $"{r.Import}/{r.Export} Wh" : "(none)";

    private readonly record struct Registers(long Import, long Export);
}
