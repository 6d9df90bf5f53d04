using Microsoft.Extensions.Options;

namespace EnergySettlement;

/// <summary>Validates <see cref="EnergySettlementOptions"/>, gathering every problem into one failure.</summary>
internal sealed class EnergySettlementOptionsValidator : IValidateOptions<EnergySettlementOptions>
{
    public ValidateOptionsResult Validate(string? name, EnergySettlementOptions options)
    {
        var errors = new List<string>();
        var marketIds = new HashSet<MarketId>();
        for (var i = 0; i < options.Markets.Count; i++)
        {
            var market = options.Markets[i];
            if (market is null)
            {
                errors.Add($"Markets[{i}] is null.");
                continue;
            }

            errors.AddRange(market.Validate().Select(e => $"Markets[{i}] ({market.Id}): {e}"));
            if (!marketIds.Add(market.Id))
            {
                errors.Add($"Markets[{i}]: the market id '{market.Id}' is used twice.");
            }
        }

        var participantIds = new HashSet<ParticipantId>();
        for (var i = 0; i < options.Participants.Count; i++)
        {
            var participant = options.Participants[i];
            if (participant is null)
            {
                errors.Add($"Participants[{i}] is null.");
                continue;
            }

            if (participant.Participant == default)
            {
                errors.Add($"Participants[{i}]: the participant id must be set.");
            }
            else if (!participantIds.Add(participant.Participant))
            {
                errors.Add($"Participants[{i}]: the participant id '{participant.Participant}' is registered twice.");
            }

            if (participant.Limits is { } limits)
            {
                errors.AddRange(limits.Validate().Select(e => $"Participants[{i}] ({participant.Participant}): Limits.{e}"));
            }
        }

        var meterIds = new HashSet<MeterId>();
        for (var i = 0; i < options.Meters.Count; i++)
        {
            var meter = options.Meters[i];
            if (meter is null)
            {
                errors.Add($"Meters[{i}] is null.");
            }
            else
            {
                if (!meterIds.Add(meter.Meter))
                {
                    errors.Add($"Meters[{i}]: the meter id '{meter.Meter}' is registered twice.");
                }

                if (meter.RatedPowerWatts <= 0)
                {
                    errors.Add($"Meters[{i}] ({meter.Meter}): RatedPowerWatts must be positive; found {meter.RatedPowerWatts}.");
                }
            }
        }

        errors.AddRange(options.MeterValidation.Validate().Select(e => $"MeterValidation: {e}"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
