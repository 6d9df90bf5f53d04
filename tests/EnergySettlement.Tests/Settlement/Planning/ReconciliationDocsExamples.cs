using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>The code samples of docs/reconciliation.md, compiled and run so they cannot rot.</summary>
public sealed class ReconciliationDocsExamples
{
    [Fact]
    public void PlanningAWindow_SampleFromTheDocs_PlansOneLegInOneBatch()
    {
        var usdc = new Asset(AssetId.Parse("eip155:1/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), 6, "USDC");
        var ether = new Asset(AssetId.Parse("eip155:1/slip44:60"), 18, "ETH");
        var market = new MarketDefinition
        {
            Id = new MarketId("sunny-street"),
            QuoteAsset = usdc,
            TickSize = Money.Parse("0.001", usdc),
            MinPrice = Price.Parse("0/kWh", usdc),
            MaxPrice = Price.Parse("0.500/kWh", usdc),
            GridOperator = new ParticipantId("utility"),
            GridFeePerKilowattHour = Price.Parse("0.020/kWh", usdc),
        };
        var period = DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M");
        var trade = new Trade
        {
            Market = market.Id,
            Period = period,
            Seller = new ParticipantId("home-1"),
            Buyer = new ParticipantId("home-2"),
            SellOrder = new OrderId(1),
            BuyOrder = new OrderId(2),
            Price = Price.Parse("0.120/kWh", usdc),
            Quantity = Energy.Parse("1.5 kWh"),
            ExecutedAt = period.Start - TimeSpan.FromMinutes(20),
        };

        // --- sample starts ---
        var options = new SettlementPlanningOptions
        {
            Netting = NettingMode.Bilateral,
            MissingReadings = MissingReadingPolicy.Hold,
            ObligationRounding = RoundingMode.HalfToEven,
        };
        options.ImbalancePrices[market.Id] = new ImbalancePrices(
            ShortfallPrice: Price.Parse("0.300/kWh", usdc),
            SurplusPrice: Price.Parse("0.040/kWh", usdc));
        var planner = new SettlementPlanner(options);

        SettlementAccount Account(string address) => SettlementAccount.Parse("eip155:1:" + address);
        var plan = planner.Plan(new SettlementPlanRequest
        {
            Window = new SettlementWindow(market.Id, period, periodCount: 1),
            Market = market,
            AsOf = period.End + TimeSpan.FromMinutes(5),
            Trades = [trade],
            Readings =
            [
                new ParticipantReading(new ParticipantId("home-1"), period, imported: Energy.Zero, exported: Energy.Parse("1.5 kWh")),
                new ParticipantReading(new ParticipantId("home-2"), period, imported: Energy.Parse("1.5 kWh"), exported: Energy.Zero),
            ],
            Participants =
            [
                new SettlementParticipant(new ParticipantId("home-1"), [new ParticipantAccount(Account("0x1111111111111111111111111111111111111111"), usdc)]),
                new SettlementParticipant(new ParticipantId("home-2"), [new ParticipantAccount(Account("0x2222222222222222222222222222222222222222"), usdc)]),
                new SettlementParticipant(new ParticipantId("utility"), [new ParticipantAccount(Account("0x3333333333333333333333333333333333333333"), usdc)]),
            ],
            Chains = new Dictionary<ChainId, ChainCapabilities>
            {
                [ChainId.Parse("eip155:1")] = new()
                {
                    NativeAsset = ether,
                    Assets = [ether, usdc],
                    MaxPayoutsPerTransaction = 200,
                    Finality = FinalityModel.Confirmations,
                    ConfirmationsForFinality = 12,
                    TypicalFee = Money.Parse("0.0005", ether),
                    TypicalTimeToFinality = TimeSpan.FromMinutes(3),
                },
            }, // or SettlementPlanRequest.FromRegistry(registry)
        });

        foreach (var batch in plan.Batches)
        {
            Console.WriteLine($"{batch.Id}: {batch.Batch.Payer} pays {batch.Batch.Total} to {batch.Batch.Payouts.Count} payee(s)");
        }

        // home-2 owes home-1 0.18 USDC for 1.5 kWh and the utility 0.03 USDC of grid fee: two legs, paid from
        // home-2's one account in one batch.
        // --- sample ends ---

        Assert.Equal(["home-2->home-1 0.180000 USDC", "home-2->utility 0.030000 USDC"], plan.Legs.Select(l => $"{l.Payer}->{l.Payee} {l.Amount}"));
        var single = Assert.Single(plan.Batches);
        Assert.Equal(2, single.Batch.Payouts.Count);
    }
}
