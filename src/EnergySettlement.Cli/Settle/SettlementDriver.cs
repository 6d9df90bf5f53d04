using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// Drives the SDK's <see cref="SettlementService"/> until the batches it is watching are final: the service's recovery
/// pass (<see cref="SettlementService.RecoverAsync"/>), then a block (mined, or waited for on a real node), a pass, and again; prints each batch as it is paid. Stops
/// when every watched batch is final, when a chain is unreachable, or when passes stop making progress.
/// </summary>
internal sealed class SettlementDriver(SettlementService service, ISettlementChainHost host, TextWriter output)
{
    /// <summary>Runs passes until the batches are final or no longer progress.</summary>
    /// <param name="watched">The batches to finish.</param>
    /// <param name="cancellationToken">Interrupts between steps (Ctrl-C); what was done is in the journal and <c>recover</c> finishes it.</param>
    /// <returns>The batches' histories at the end and whether a chain was unreachable.</returns>
    public async Task<DriveResult> RunAsync(IReadOnlyCollection<SettlementBatchId> watched, CancellationToken cancellationToken)
    {
        var pending = new HashSet<SettlementBatchId>(watched);
        foreach (var id in watched)
        {
            if (await service.GetBatchAsync(id, cancellationToken).ConfigureAwait(false) is { State: BatchState.Final } paid)
            {
                pending.Remove(id);
                output.WriteLine($"final   {id}: paid before, tx {paid.SettledBy?.Id}");
            }
        }

        var maxIdlePasses = host.Confirmations + 3;
        var idle = 0;
        long cursor = 0;
        IReadOnlyList<ChainId> unavailable = [];
        for (var pass = 1; pending.Count > 0 && pass <= 200; pass++)
        {
            var result = pass == 1
                ? await service.RecoverAsync(cancellationToken).ConfigureAwait(false)
                : await service.ProcessAsync(cancellationToken).ConfigureAwait(false);
            foreach (var receipt in await service.GetReceiptsAsync(cursor, int.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                cursor = receipt.Position;
                if (receipt.Kind == SettlementReceiptKind.Paid && pending.Remove(receipt.Batch.Id))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"paid    {receipt.Batch.Id}: {receipt.Batch.Payouts.Count} payout(s), {receipt.Batch.Total} from {receipt.Batch.Payer}, tx {receipt.TransactionId} in block {receipt.BlockNumber}"));
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            unavailable = result.UnavailableChains;
            if (unavailable.Count > 0 || result.JournalUnavailable)
            {
                break;
            }

            idle = result.Advanced > 0 ? 0 : idle + 1;
            if (idle >= maxIdlePasses)
            {
                break;
            }

            if (pass == 1)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent    {result.Batches} batch(es); waiting for {host.Confirmations} confirmation(s) each"));
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await host.AdvanceAsync(cancellationToken).ConfigureAwait(false);
        }

        var histories = new List<BatchHistory>(watched.Count);
        foreach (var id in watched)
        {
            if (await service.GetBatchAsync(id, cancellationToken).ConfigureAwait(false) is { } history)
            {
                histories.Add(history);
            }
        }

        return new DriveResult(histories, unavailable);
    }
}
