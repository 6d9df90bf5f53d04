// The README's quick start, kept here so it compiles and runs in CI. Keep the two in step.
using EnergySettlement.Chains;
using EnergySettlement.Matching;
using EnergySettlement.Testing;
using EnergySettlement.Trading;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Cli.Tests.Readme;

internal static class QuickStart
{
    public static async Task<SettlementStatus> RunAsync()
    {
        // --- README quick start begins ---
        var services = new ServiceCollection().AddEnergySettlement(es => es.AddSimulatedChain("local", o => o.Tokens["EURC"] = 6)).Services;
        using var sp = services.BuildServiceProvider();
        var chain = sp.GetRequiredKeyedService<SimulatedChain>("local");
        var eurc = chain.GetAsset("EURC");
        var market = new MarketDefinition { Id = new MarketId("sunny-street"), QuoteAsset = eurc, TickSize = Money.Parse("0.001", eurc),
            MinPrice = Price.Parse("0 EURC/kWh", eurc), MaxPrice = Price.Parse("0.5 EURC/kWh", eurc) };
        var period = DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M");
        var mapping = new MarketBookMapping(market, new ParticipantDirectory());
        var engine = new MatchingEngine();
        engine.AddBook(mapping.CreateBookOptions(period, bookId: 1));
        var trades = new List<Trade>();
        var sink = new TradeCollector(mapping, period, trades);
        foreach (var (id, who, side, price) in new[] { (1L, "solar-home", Side.Sell, "0.080"), (2L, "ev-home", Side.Buy, "0.120") })
        {
            var order = new Order { Id = new OrderId(id), Market = market.Id, Period = period, Participant = new ParticipantId(who), Side = side,
                LimitPrice = Price.Parse($"{price} EURC/kWh", eurc), Quantity = Energy.Parse("1.5 kWh"), SubmittedAt = period.Start.AddHours(-1) };
            if (mapping.TryCreateCommand(order, bookId: 1, out var command) == OrderMappingError.None) engine.Process(command, ref sink);
        }

        var trade = trades.Single();                                                                              // 1.5 kWh at 0.080 EURC/kWh
        chain.Fund(chain.Account("ev-home"), Money.Parse("10", eurc));
        chain.Fund(chain.Account("ev-home"), Money.Parse("1", chain.NativeAsset));                                 // for fees
        var batch = new SettlementBatch(new SettlementBatchId("2026-06-21T11:00-ev-home"), chain.Account("ev-home"), eurc,
            [new Payout(chain.Account("solar-home"), trade.ValueOf(RoundingMode.HalfToEven))]);
        var provider = sp.GetRequiredService<ChainProviderRegistry>().GetProvider(chain.ChainId);
        var prepared = await provider.PrepareAsync(batch);   // journal this before sending
        await provider.SubmitAsync(prepared);                // idempotent: a retry answers AlreadyKnown
        chain.MineBlocks(chain.ConfirmationsForFinality);
        var status = await provider.GetStatusAsync(prepared); // Final
        // --- README quick start ends ---
        return status;
    }
}
