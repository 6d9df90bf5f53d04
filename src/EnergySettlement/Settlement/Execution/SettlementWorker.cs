using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Settlement;

/// <summary>
/// The hosted worker <c>AddSettlement</c> registers: recovers at start-up, then runs a settlement pass every
/// <see cref="SettlementOptions.PollInterval"/> until the host stops. A failed pass is logged and the next one runs after
/// the interval; nothing is lost, because every step is in the journal.
/// </summary>
internal sealed class SettlementWorker(SettlementService service, SettlementOptions options, TimeProvider time, ILogger<SettlementWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!recovered)
                {
                    var recovery = await service.RecoverAsync(stoppingToken).ConfigureAwait(false);
                    recovered = true;
                    Log.WorkerStarted(logger, recovery.Batches, recovery.Advanced);
                }
                else
                {
                    await service.ProcessAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The journal holds every step: the next pass (or recovery) resumes from it.
                Log.WorkerPassFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
