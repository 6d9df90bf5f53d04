using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>The planner's fast paths for ids give exactly the bytes and ids of the plain ones: the eight-lane SHA-256,
/// the one-pass ASCII encoding, the batched obligation ids and the trade-id formatter.</summary>
public sealed class FastContentIdTests
{
    [Fact]
    public void Sha256Lanes_EveryLengthAndMix_EqualsSha256()
    {
        var random = new Random(20261205);
        var data = new byte[8 * 400];
        random.NextBytes(data);
        var digests = new byte[8 * 32];
        for (var round = 0; round < 400; round++)
        {
            // Lengths around every padding boundary (55, 56, 63, 64, 119, 120, ...), mixed across the lanes.
            var count = 1 + (round % 8);
            var starts = new int[count];
            var lengths = new int[count];
            for (var lane = 0; lane < count; lane++)
            {
                lengths[lane] = lane == 0 ? round % 400 : random.Next(0, 400);
                starts[lane] = lane * 400;
            }

            Sha256Lanes.Hash(data, starts, lengths, digests);
            for (var lane = 0; lane < count; lane++)
            {
                Assert.Equal(SHA256.HashData(data.AsSpan(starts[lane], lengths[lane])), digests.AsSpan(lane * 32, 32).ToArray());
            }
        }
    }

    [Theory]
    [InlineData("plain-ascii/1")]
    [InlineData("zoné-ünicode")]
    [InlineData("")]
    public void ContentHash_AddText_EncodesLengthAndUtf8(string text)
    {
        var hash = new ContentHash("d");
        hash.Add(text);
        var encoded = hash.Encoded.ToArray();
        hash.Release();

        var utf8 = Encoding.UTF8.GetBytes(text);
        var expected = new byte[8 + 1 + 8 + utf8.Length];
        expected[7] = 1;
        expected[8] = (byte)'d';
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(expected.AsSpan(9), utf8.Length);
        utf8.CopyTo(expected, 17);
        Assert.Equal(expected, encoded);
    }

    [Theory]
    [InlineData("eip155:1", "0xab16a96D359eC26a11e2C2b3d8f8B8942d5Bfcdb")]
    [InlineData("chain:é", "addr")]
    public void ContentHash_AddJoined_EqualsAddingTheJoinedString(string first, string second)
    {
        var joined = new ContentHash("d");
        joined.Add(first, ':', second);
        var a = joined.Encoded.ToArray();
        joined.Release();
        var plain = new ContentHash("d");
        plain.Add(first + ":" + second);
        var b = plain.Encoded.ToArray();
        plain.Release();

        Assert.Equal(b, a);
    }

    [Fact]
    public void ContentIds_ManyObligations_SameIdsAsOneByOne()
    {
        // More than one parallel chunk, with trade, fee and adjustment obligations of varying lengths.
        var period = DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M");
        var market = new MarketId("sunny-street");
        Obligation Make(int i) => new(
            market,
            period,
            i % 3 == 0 ? ObligationReason.GridFee : ObligationReason.Trade,
            new ParticipantId("home-" + i),
            new ParticipantId("p" + (i * 7919 % 10_007)),
            TestAssets.Usd(1 + (i * 104_729L)),
            new Energy(i),
            i % 3 == 0 ? null : new TradeId($"sunny-street/20260621T110000Z/{i}-{i * 31}@{639174720000000000L + i}"),
            isProvisional: i % 5 == 0,
            adjusts: i % 7 == 0 ? new ObligationId("ob-" + i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)) : null,
            sequence: i % 7 == 0 ? 1 + (i % 4) : 0);

        var batched = Enumerable.Range(0, 20_000).Select(Make).ToList();
        ContentIds.Compute(batched);

        for (var i = 0; i < batched.Count; i++)
        {
            Assert.Equal(Make(i).Id, batched[i].Id);
        }
    }

    [Fact]
    public void TradeIdFormatter_EqualsTradeId()
    {
        var formatter = new TradeIdFormatter();
        var period = DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT15M");
        foreach (var (market, start, buy, sell, ticks) in new (string, DeliveryPeriod, long, long, long)[]
        {
            ("sunny-street", period, 2, 1, 639174720000000000),
            ("sunny-street", period, long.MaxValue, 0, 1),
            ("other", period.Next, 7, long.MaxValue, 638_000_000_000_000_000),
            ("sunny-street", period, 12, 11, 639174720000000123),
        })
        {
            var trade = new Trade
            {
                Market = new MarketId(market),
                Period = start,
                Buyer = new ParticipantId("b"),
                Seller = new ParticipantId("s"),
                BuyOrder = new OrderId(buy),
                SellOrder = new OrderId(sell),
                Price = Price.Parse("0.2/kWh", TestAssets.Usdc),
                Quantity = new Energy(1),
                ExecutedAt = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(2)),
            };

            Assert.Equal(trade.Id, formatter.Format(trade));
        }
    }

    [Fact]
    public void Plan_ManyTradesInParallelChunks_ObligationsInTradeOrderWithPlainIds()
    {
        // More trades per period than one parallel chunk (16,384), over two periods, one participant unmetered in the
        // second so some trades are held.
        var scenario = new PlanningScenario();
        var state = 0x2545F491u;
        uint Next()
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return state;
        }

        for (var i = 0; i < 40_000; i++)
        {
            var seller = (int)(Next() % 60);
            var buyer = (seller + 1 + (int)(Next() % 59)) % 60;
            scenario.Trade($"p{seller}", $"p{buyer}", 1 + (Next() % 2_000), "0.2", period: i % 2);
        }

        var unmetered = PlanningScenario.Id("p7");
        var trades = scenario.Trades.ToList();
        foreach (var period in new[] { 0, 1 })
        {
            var inPeriod = trades.Where(t => t.Period == PlanningScenario.Period(period)).ToList();
            for (var p = 0; p < 60; p++)
            {
                var id = PlanningScenario.Id($"p{p}");
                if (period == 1 && id == unmetered)
                {
                    continue;
                }

                var bought = inPeriod.Where(t => t.Buyer == id).Sum(t => t.Quantity.WattHours);
                var sold = inPeriod.Where(t => t.Seller == id).Sum(t => t.Quantity.WattHours);
                scenario.Reading($"p{p}", bought * 99 / 100, sold * 98 / 100, period);
            }
        }

        var plan = scenario.Plan(0, 2);

        Assert.NotEmpty(plan.HeldTrades);
        Assert.Equal(trades.Count, plan.Deliveries.Count + plan.HeldTrades.Count);
        Assert.Equal(plan.Deliveries, Enumerable.Range(0, plan.Deliveries.Count).Select(i => plan.Deliveries[i]));
        var tradeObligations = plan.Obligations.Where(o => o.Reason == ObligationReason.Trade).ToList();
        Assert.Equal(plan.Deliveries.Where(d => d.Delivered.WattHours > 0).Select(d => d.Trade.Id), tradeObligations.Select(o => o.Trade!.Value));
        foreach (var o in plan.Obligations)
        {
            var plain = new Obligation(o.Market, o.Period, o.Reason, o.Payer, o.Payee, o.Amount, o.Energy, o.Trade, o.IsProvisional, o.Adjusts, o.Sequence);
            Assert.Equal(plain.Id, o.Id);
        }

        Assert.Equal(plan.Obligations.Select(o => o.Id), scenario.Plan(0, 2).Obligations.Select(o => o.Id));
    }
}
