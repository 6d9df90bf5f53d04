using System.Globalization;
using EnergySettlement.Settlement;

namespace EnergySettlement.CrashHarness;

/// <summary>Drives the settlement service and the chain's blocks, and checks the money.</summary>
internal sealed class HarnessRun(SettlementWorkload workload, ISettlementJournal journal, SettlementService service, TextWriter output)
{
    /// <summary>Runs passes and mines blocks: at most <paramref name="maxRounds"/> rounds, or until every batch is final.</summary>
    /// <returns>Whether every open batch is final.</returns>
    public async Task<bool> AdvanceAsync(int maxRounds)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var pass = await service.ProcessAsync();
            output.WriteLine(FormattableString.Invariant($"pass: {pass.Batches} open, {pass.Advanced} advanced"));
            if (pass.AllFinal)
            {
                return true;
            }

            var height = await workload.Chain.MineAsync();
            output.WriteLine(FormattableString.Invariant($"mined {height}"));
        }

        return false;
    }

    /// <summary>Finishes every recorded batch.</summary>
    /// <returns>How many windows are recorded.</returns>
    public async Task<int> DrainAsync()
    {
        if (!await AdvanceAsync(maxRounds: 50))
        {
            throw new HarnessCheckException("batches are still open after 50 passes and blocks");
        }

        var latest = await journal.GetLatestPlanAsync(workload.Market.Id);
        return latest is null ? 0 : (int)((latest.Window.Start - SettlementWorkload.FirstStart) / latest.Window.PeriodLength) + 1;
    }

    /// <summary>
    /// Checks, once every batch is final: windows 0…<paramref name="windows"/>-1 are each recorded once; every batch of every
    /// plan is final and paid by exactly one transaction in the chain; each party's token balance moved by exactly its
    /// obligations (received less paid) less what is still carried forward; no token was created or destroyed.
    /// The window's obligations are read from its recorded plan (recorded in the same write as the journal's obligation rows).
    /// </summary>
    public async Task VerifyAsync(int windows)
    {
        var net = workload.Parties.ToDictionary(p => p, _ => Int128.Zero);
        long obligations = 0, batches = 0;

        // Plans and their batches are recorded in one write, so "no open batch" means every batch of every plan is final.
        if (await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue) is { Count: > 0 } open)
        {
            throw new HarnessCheckException($"{open.Count} batch(es) are not final after the drain, first {open[0].Id} ({open[0].State})");
        }

        for (var w = 0; w < windows; w++)
        {
            var window = workload.Window(w);
            var plan = await journal.GetPlanAsync(window.Id) ?? throw new HarnessCheckException($"window {w} of {windows} has no plan");
            foreach (var obligation in plan.Plan.Obligations)
            {
                obligations++;
                net[obligation.Payee] += obligation.Amount.Amount;
                net[obligation.Payer] -= obligation.Amount.Amount;
            }

            foreach (var planned in plan.Plan.Batches)
            {
                batches++;
                var paid = await workload.Chain.SettlementCountAsync(planned.Id);
                if (paid != 1)
                {
                    throw new HarnessCheckException($"batch {planned.Id} of window {w} is paid by {paid} transactions in the chain");
                }
            }
        }

        foreach (var carried in await journal.GetOpenCarriedAmountsAsync(workload.Market.Id))
        {
            net[carried.Payee] -= carried.Amount.Amount;
            net[carried.Payer] += carried.Amount.Amount;
        }

        foreach (var party in workload.Parties)
        {
            var balance = await workload.Chain.TokenBalanceAsync(party);
            var expected = SettlementWorkload.InitialTokens + net[party];
            if (balance != expected)
            {
                throw new HarnessCheckException(string.Create(CultureInfo.InvariantCulture, $"{party} holds {balance} EURC units; its obligations say {expected}"));
            }
        }

        await workload.Chain.VerifyChainAsync((int)batches);

        output.WriteLine(FormattableString.Invariant($"verified {windows} windows, {obligations} obligations, {batches} batches"));
    }
}
