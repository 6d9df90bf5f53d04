namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// The zonal call-auction clearing behind <see cref="UniformPriceClearingRule"/> and <see cref="PayAsBidClearingRule"/>
/// when a book has more than one zone: welfare-maximising fills, inter-zone transfers within the limits, and a uniform
/// price per zone, as market coupling does.
/// </summary>
/// <remarks>
/// <para><b>Model.</b> The linear programme: maximise Σ buys p·x − Σ sells p·x − Σ transfers fee·f subject to, in every
/// zone, energy sold − energy bought = transfers out − transfers in; 0 ≤ x ≤ quantity; 0 ≤ f ≤ transfer limit (the room
/// left). It is a min-cost flow: source → zone (each sell level an arc at its price) → other zones (arcs at the fee, with
/// the limit as capacity) → sink (each buy level an arc at minus its price). Its constraint matrix is a network matrix,
/// so with integer quantities it has an integral optimum: the integer fills reach the LP optimum exactly.</para>
/// <para><b>Fills.</b> Successive shortest paths (Dijkstra on reduced costs over the zones, the source and the sink; a
/// zone's sell and buy levels are used cheapest and dearest first, so each zone is represented by its current marginal
/// level). Costs are compared lexicographically as (money, energy moved between zones): the flow is augmented while a
/// path's money cost is ≤ 0, so the result (1) maximises welfare, (2) among those, trades the most energy (as the
/// single-zone rule, trades at zero gain happen), (3) among those, moves the least energy between zones (local first).
/// Remaining ties follow the search's fixed order (zones in ascending index). Within a zone, the orders at its marginal
/// price share what its level trades pro rata with the largest remainder, ties to the earlier sequence, then the lower
/// index — as in one zone.</para>
/// <para><b>Prices.</b> The valid zone prices are the LP's duals for these fills: in each zone no buyer above and no seller
/// below the price is left unfilled; a transfer below its limit keeps price(to) − price(from) ≤ fee, a transfer that
/// carries energy keeps it ≥ fee. These are difference constraints. (1) Zones whose price differences they fix form
/// groups that move together; group by group, in order of their lowest zone, the group's price range is narrowed as
/// the single-zone rule narrows it: away from an end where energy offered or bid at exactly its zone's price is left
/// unfilled, when the other end leaves less. (2) The price of each zone is the midpoint of its lowest and highest
/// remaining value; when the midpoints fall between two ticks, all zones round the same way — half to even on the first
/// zone whose midpoint does — which keeps every fee and limit relation exact. With one zone this is exactly the
/// single-zone rule. Zones where nothing is bought, sold or passes through get no price.</para>
/// <para><b>Cost.</b> O(n + band) to bucket the orders per zone and tick (sorting a zone's ticks when its band is wide),
/// O(Z²) per augmenting path, O(Z³) for the prices, O(n) to allocate. Working arrays live in the caller's
/// <see cref="ClearingResult"/>. An augmenting path ends when a price level is used up, so without help there would be
/// one per level crossed. But no zone's price can fall below L, the lowest of the zones' own (isolated) lowest clearing
/// prices, nor rise above H, the highest of their highest: the zones priced lowest take no energy from dearer zones, so
/// at a price below each of their own clearing prices they would have to buy more than they sell. Sellers below L and
/// buyers above H are therefore filled completely in every optimum (complementary slackness holds for every optimal
/// pair), and each zone's levels beyond those bounds are one arc priced −2^80: the same optimal fills and transfers,
/// with a path per level only between L and H.</para>
/// </remarks>
internal static class ZonalClearing
{
    /// <summary>A zone's band up to this many ticks (or 4 per order) is bucketed per tick.</summary>
    private const int DenseBandMinimum = 1 << 16;

    /// <summary>Stands for "no bound" in the price step.</summary>
    private static readonly Int128 Infinite = Int128.One << 100;

    /// <summary>The capacity of a transfer without a limit.</summary>
    private static readonly Int128 Boundless = Int128.One << 110;

    /// <summary>
    /// The money cost of the arcs of levels every optimum fills: below minus any path's real cost (prices are 64-bit,
    /// fees at most 2^40 per hop), so these arcs are used first and completely.
    /// </summary>
    private static readonly Int128 Committed = -(Int128.One << 80);

    /// <summary>Clears <paramref name="orders"/> on <paramref name="network"/> into <paramref name="result"/>.</summary>
    /// <exception cref="ArgumentException">An order names a zone outside the network.</exception>
    public static void Clear(ReadOnlySpan<AuctionOrder> orders, ZoneNetwork network, ClearingResult result, bool payAsBid)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(result);
        result.Reset();
        ZonalClearingScratch s = result.ZonalScratch;
        int zones = network.ZoneCount;
        int live = Aggregate(orders, zones, s);
        if (live == 0 || !Solve(network, s, zones))
        {
            return;
        }

        Span<long> prices = stackalloc long[zones];
        Span<bool> active = stackalloc bool[zones];
        Price(network, s, zones, prices, active);
        Allocate(orders, s, zones, prices, payAsBid, result);
        for (int zone = 0; zone < zones && !payAsBid; zone++)
        {
            if (active[zone])
            {
                result.SetZonePrice(zone, prices[zone]);
            }
        }

        for (int from = 0; from < zones; from++)
        {
            for (int to = 0; to < zones; to++)
            {
                for (Int128 flow = s.Flow[(from * zones) + to]; flow > 0; flow -= long.MaxValue)
                {
                    result.AddTransfer(new ZoneTransfer(from, to, flow > long.MaxValue ? long.MaxValue : (long)flow));
                }
            }
        }
    }

    /// <summary>Sorts the live orders by zone and builds each zone's price levels (ascending ticks) with their buy and sell quantities.</summary>
    private static int Aggregate(ReadOnlySpan<AuctionOrder> orders, int zones, ZonalClearingScratch s)
    {
        int[] zoneStart = ZonalClearingScratch.Ensure(ref s.ZoneStart, zones + 1);
        int[] cursor = ZonalClearingScratch.Ensure(ref s.AskLevel, zones + 1);
        Array.Clear(zoneStart, 0, zones + 1);
        int live = 0;
        foreach (ref readonly AuctionOrder order in orders)
        {
            if (order.Quantity <= 0)
            {
                continue;
            }

            if (order.Zone >= zones)
            {
                throw new ArgumentException($"Order {order.OrderId} is in zone {order.Zone}, but the network has zones 0 to {zones - 1}.", nameof(orders));
            }

            zoneStart[order.Zone + 1]++;
            live++;
        }

        for (int zone = 0; zone < zones; zone++)
        {
            zoneStart[zone + 1] += zoneStart[zone];
            cursor[zone] = zoneStart[zone];
        }

        int[] byZone = ZonalClearingScratch.Ensure(ref s.ByZone, live);
        int[] levelOf = ZonalClearingScratch.Ensure(ref s.LevelOf, orders.Length);
        for (int i = 0; i < orders.Length; i++)
        {
            if (orders[i].Quantity > 0)
            {
                byZone[cursor[orders[i].Zone]++] = i;
            }
        }

        long[] tick = ZonalClearingScratch.Ensure(ref s.LevelTick, live);
        Int128[] buy = ZonalClearingScratch.Ensure(ref s.LevelBuy, live);
        Int128[] sell = ZonalClearingScratch.Ensure(ref s.LevelSell, live);
        int[] levelStart = ZonalClearingScratch.Ensure(ref s.ZoneLevelStart, zones + 1);
        int levels = 0;
        for (int zone = 0; zone < zones; zone++)
        {
            levelStart[zone] = levels;
            int first = zoneStart[zone];
            int end = zoneStart[zone + 1];
            if (first == end)
            {
                continue;
            }

            long min = long.MaxValue;
            long max = long.MinValue;
            for (int k = first; k < end; k++)
            {
                long price = orders[byZone[k]].PriceTick;
                min = Math.Min(min, price);
                max = Math.Max(max, price);
            }

            ulong width = unchecked((ulong)max - (ulong)min) + 1;
            if (width != 0 && width <= (ulong)Math.Max(DenseBandMinimum, 4L * (end - first)))
            {
                // One bucket per tick, then the non-empty ticks in ascending order become the zone's levels.
                int w = (int)width;
                Span<Int128> bucketBuy = ZonalClearingScratch.Ensure(ref s.BucketBuy, w).AsSpan(0, w);
                Span<Int128> bucketSell = ZonalClearingScratch.Ensure(ref s.BucketSell, w).AsSpan(0, w);
                int[] bucketLevel = ZonalClearingScratch.Ensure(ref s.BucketLevel, w);
                bucketBuy.Clear();
                bucketSell.Clear();
                for (int k = first; k < end; k++)
                {
                    ref readonly AuctionOrder order = ref orders[byZone[k]];
                    int t = (int)(order.PriceTick - min);
                    if (order.Side == Side.Buy)
                    {
                        bucketBuy[t] += order.Quantity;
                    }
                    else
                    {
                        bucketSell[t] += order.Quantity;
                    }
                }

                for (int t = 0; t < w; t++)
                {
                    if (bucketBuy[t] != 0 || bucketSell[t] != 0)
                    {
                        tick[levels] = min + t;
                        buy[levels] = bucketBuy[t];
                        sell[levels] = bucketSell[t];
                        bucketLevel[t] = levels++;
                    }
                }

                for (int k = first; k < end; k++)
                {
                    levelOf[byZone[k]] = bucketLevel[(int)(orders[byZone[k]].PriceTick - min)];
                }
            }
            else
            {
                // A wide band: sort the zone's distinct ticks and find each order's by binary search.
                long[] sorted = ZonalClearingScratch.Ensure(ref s.SortedTicks, end - first);
                for (int k = first; k < end; k++)
                {
                    sorted[k - first] = orders[byZone[k]].PriceTick;
                }

                Span<long> distinct = sorted.AsSpan(0, end - first);
                distinct.Sort();
                int count = 1;
                for (int k = 1; k < distinct.Length; k++)
                {
                    if (distinct[k] != distinct[count - 1])
                    {
                        distinct[count++] = distinct[k];
                    }
                }

                distinct = distinct[..count];
                for (int k = 0; k < count; k++)
                {
                    tick[levels + k] = distinct[k];
                    buy[levels + k] = 0;
                    sell[levels + k] = 0;
                }

                for (int k = first; k < end; k++)
                {
                    ref readonly AuctionOrder order = ref orders[byZone[k]];
                    int level = levels + distinct.BinarySearch(order.PriceTick);
                    levelOf[byZone[k]] = level;
                    if (order.Side == Side.Buy)
                    {
                        buy[level] += order.Quantity;
                    }
                    else
                    {
                        sell[level] += order.Quantity;
                    }
                }

                levels += count;
            }
        }

        levelStart[zones] = levels;
        return live;
    }

    /// <summary>
    /// Successive shortest paths from the source (sellers) to the sink (buyers) while a path's money cost is ≤ 0.
    /// Returns whether anything trades.
    /// </summary>
    private static bool Solve(ZoneNetwork network, ZonalClearingScratch s, int zones)
    {
        int nodes = zones + 2;
        int source = zones;
        int sink = zones + 1;
        int[] levelStart = s.ZoneLevelStart;
        int[] askLevel = ZonalClearingScratch.Ensure(ref s.AskLevel, zones + 1);
        Int128[] askUsed = ZonalClearingScratch.Ensure(ref s.AskUsed, zones);
        int[] bidLevel = ZonalClearingScratch.Ensure(ref s.BidLevel, zones);
        Int128[] bidUsed = ZonalClearingScratch.Ensure(ref s.BidUsed, zones);
        Int128[] flow = ZonalClearingScratch.Ensure(ref s.Flow, zones * zones);
        Cost[] potential = ZonalClearingScratch.Ensure(ref s.Potential, nodes);
        Cost[] distance = ZonalClearingScratch.Ensure(ref s.Distance, nodes);
        bool[] reached = ZonalClearingScratch.Ensure(ref s.Reached, nodes);
        bool[] done = ZonalClearingScratch.Ensure(ref s.Done, nodes);
        int[] predecessor = ZonalClearingScratch.Ensure(ref s.Predecessor, nodes);
        Array.Clear(flow, 0, zones * zones);
        for (int zone = 0; zone < zones; zone++)
        {
            askLevel[zone] = NextAsk(s, levelStart[zone], levelStart[zone + 1]);
            askUsed[zone] = 0;
            bidLevel[zone] = NextBid(s, levelStart[zone + 1] - 1, levelStart[zone]);
            bidUsed[zone] = 0;
        }

        CommitLevels(s, zones);
        var graph = new Graph(network, s, zones);
        InitialPotentials(graph, potential, reached);
        bool traded = false;
        while (true)
        {
            // Dijkstra on reduced costs (non-negative under the potentials); ties to the lower node, stop at the sink.
            Array.Clear(reached, 0, nodes);
            Array.Clear(done, 0, nodes);
            distance[source] = default;
            reached[source] = true;
            while (true)
            {
                int u = -1;
                for (int v = 0; v < nodes; v++)
                {
                    if (reached[v] && !done[v] && (u < 0 || distance[v] < distance[u]))
                    {
                        u = v;
                    }
                }

                if (u < 0)
                {
                    break;
                }

                done[u] = true;
                if (u == sink)
                {
                    break;
                }

                if (u == source)
                {
                    for (int zone = 0; zone < zones; zone++)
                    {
                        if (graph.AskCost(zone, out Cost cost))
                        {
                            Relax(u, zone, cost, potential, distance, reached, done, predecessor);
                        }
                    }

                    continue;
                }

                if (graph.BidCost(u, out Cost toSink))
                {
                    Relax(u, sink, toSink, potential, distance, reached, done, predecessor);
                }

                for (int w = 0; w < zones; w++)
                {
                    if (w != u && graph.TransferCost(u, w, out Cost cost, out _))
                    {
                        Relax(u, w, cost, potential, distance, reached, done, predecessor);
                    }
                }
            }

            if (!done[sink] || (distance[sink] + potential[sink] - potential[source]).Money > 0)
            {
                LeaveBlocks(s, zones);
                return traded;
            }

            Cost toTarget = distance[sink];
            for (int v = 0; v < nodes; v++)
            {
                potential[v] += done[v] ? distance[v] : toTarget;
            }

            Augment(graph, predecessor, source, sink);
            traded = true;
        }
    }

    private static void Relax(int u, int v, Cost cost, Cost[] potential, Cost[] distance, bool[] reached, bool[] done, int[] predecessor)
    {
        if (done[v])
        {
            return;
        }

        Cost candidate = distance[u] + cost + potential[u] - potential[v];
        if (!reached[v] || candidate < distance[v])
        {
            reached[v] = true;
            distance[v] = candidate;
            predecessor[v] = u;
        }
    }

    /// <summary>Bellman–Ford from the source on the empty flow (no negative cycles: transfers cost ≥ 0), so reduced costs start non-negative.</summary>
    private static void InitialPotentials(Graph graph, Cost[] potential, bool[] reached)
    {
        int zones = graph.Zones;
        int nodes = zones + 2;
        int source = zones;
        int sink = zones + 1;
        Array.Clear(reached, 0, nodes);
        Array.Clear(potential, 0, nodes);
        reached[source] = true;
        for (int zone = 0; zone < zones; zone++)
        {
            if (graph.AskCost(zone, out Cost cost))
            {
                potential[zone] = cost;
                reached[zone] = true;
            }
        }

        for (int round = 0; round < nodes; round++)
        {
            bool changed = false;
            for (int u = 0; u < zones; u++)
            {
                if (!reached[u])
                {
                    continue;
                }

                for (int w = 0; w < zones; w++)
                {
                    if (w != u && graph.TransferCost(u, w, out Cost cost, out _) && (!reached[w] || potential[u] + cost < potential[w]))
                    {
                        potential[w] = potential[u] + cost;
                        reached[w] = true;
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                break;
            }
        }

        for (int u = 0; u < zones; u++)
        {
            if (reached[u] && graph.BidCost(u, out Cost cost) && (!reached[sink] || potential[u] + cost < potential[sink]))
            {
                potential[sink] = potential[u] + cost;
                reached[sink] = true;
            }
        }
    }

    /// <summary>Pushes the bottleneck quantity along the predecessor path from the source to the sink.</summary>
    private static void Augment(Graph graph, int[] predecessor, int source, int sink)
    {
        ZonalClearingScratch s = graph.Scratch;
        int zones = graph.Zones;
        int last = predecessor[sink];
        Int128 bidOpen = s.BidInBlock[last] ? s.BidBlock[last] : s.LevelBuy[s.BidLevel[last]];
        Int128 amount = bidOpen - s.BidUsed[last];
        int first = last;
        for (int v = last; predecessor[v] != source; v = predecessor[v])
        {
            graph.TransferCost(predecessor[v], v, out _, out Int128 capacity);
            amount = Int128.Min(amount, capacity);
            first = predecessor[v];
        }

        Int128 askOpen = s.AskInBlock[first] ? s.AskBlock[first] : s.LevelSell[s.AskLevel[first]];
        amount = Int128.Min(amount, askOpen - s.AskUsed[first]);

        // The sellers of the first zone, each transfer on the way, the buyers of the last zone.
        s.AskUsed[first] += amount;
        if (s.AskUsed[first] == askOpen)
        {
            int next = s.AskInBlock[first] ? s.AskBlockEnd[first] : s.AskLevel[first] + 1;
            s.AskInBlock[first] = false;
            s.AskLevel[first] = NextAsk(s, next, s.ZoneLevelStart[first + 1]);
            s.AskUsed[first] = 0;
        }

        for (int v = last; predecessor[v] != source; v = predecessor[v])
        {
            int u = predecessor[v];
            if (s.Flow[(v * zones) + u] > 0)
            {
                s.Flow[(v * zones) + u] -= amount; // cancels energy sent the other way
            }
            else
            {
                s.Flow[(u * zones) + v] += amount;
            }
        }

        s.BidUsed[last] += amount;
        if (s.BidUsed[last] == bidOpen)
        {
            int next = s.BidInBlock[last] ? s.BidBlockStart[last] - 1 : s.BidLevel[last] - 1;
            s.BidInBlock[last] = false;
            s.BidLevel[last] = NextBid(s, next, s.ZoneLevelStart[last]);
            s.BidUsed[last] = 0;
        }
    }

    /// <summary>
    /// Finds the levels every optimum fills and makes each zone's a block, one arc (see the class remarks): sellers below
    /// L = min over zones of the lowest price p with S(p) ≥ D(p + 1) (sellers at or below p can cover the buyers above
    /// it), buyers above H = max over zones of the highest price p with D(p) ≥ S(p − 1). A zone without buyers (sellers)
    /// bounds nothing, so then no seller (buyer) block is formed.
    /// </summary>
    private static void CommitLevels(ZonalClearingScratch s, int zones)
    {
        bool[] askInBlock = ZonalClearingScratch.Ensure(ref s.AskInBlock, zones);
        int[] askBlockEnd = ZonalClearingScratch.Ensure(ref s.AskBlockEnd, zones);
        Int128[] askBlock = ZonalClearingScratch.Ensure(ref s.AskBlock, zones);
        bool[] bidInBlock = ZonalClearingScratch.Ensure(ref s.BidInBlock, zones);
        int[] bidBlockStart = ZonalClearingScratch.Ensure(ref s.BidBlockStart, zones);
        Int128[] bidBlock = ZonalClearingScratch.Ensure(ref s.BidBlock, zones);
        Array.Clear(askInBlock, 0, zones);
        Array.Clear(bidInBlock, 0, zones);
        int[] levelStart = s.ZoneLevelStart;
        long[] tick = s.LevelTick;
        Int128[] buy = s.LevelBuy;
        Int128[] sell = s.LevelSell;
        bool lowBounded = true;
        bool highBounded = true;
        long low = long.MaxValue;
        long high = long.MinValue;
        for (int zone = 0; zone < zones; zone++)
        {
            int start = levelStart[zone];
            int end = levelStart[zone + 1];
            if (start == end)
            {
                continue;
            }

            Int128 totalBuy = 0;
            Int128 totalSell = 0;
            for (int k = start; k < end; k++)
            {
                totalBuy += buy[k];
                totalSell += sell[k];
            }

            if (totalBuy == 0)
            {
                lowBounded = false;
            }
            else
            {
                Int128 sold = 0;
                Int128 bought = 0;
                for (int k = start; k < end; k++)
                {
                    sold += sell[k];
                    bought += buy[k];
                    if (sold >= totalBuy - bought)
                    {
                        low = Math.Min(low, tick[k]);
                        break;
                    }
                }
            }

            if (totalSell == 0)
            {
                highBounded = false;
            }
            else
            {
                Int128 sold = 0;
                Int128 bought = 0;
                for (int k = end - 1; k >= start; k--)
                {
                    sold += sell[k];
                    bought += buy[k];
                    if (bought >= totalSell - sold)
                    {
                        high = Math.Max(high, tick[k]);
                        break;
                    }
                }
            }
        }

        for (int zone = 0; zone < zones; zone++)
        {
            int start = levelStart[zone];
            int end = levelStart[zone + 1];
            if (lowBounded)
            {
                Int128 block = 0;
                int k = start;
                for (; k < end && tick[k] < low; k++)
                {
                    block += sell[k];
                }

                askBlockEnd[zone] = k;
                askBlock[zone] = block;
                askInBlock[zone] = block > 0;
            }

            if (highBounded)
            {
                Int128 block = 0;
                int k = end - 1;
                for (; k >= start && tick[k] > high; k--)
                {
                    block += buy[k];
                }

                bidBlockStart[zone] = k + 1;
                bidBlock[zone] = block;
                bidInBlock[zone] = block > 0;
            }
        }
    }

    /// <summary>
    /// Turns a block still open when the search ends (never for an optimal flow, see <see cref="CommitLevels"/>, but the
    /// state must stay exact) back into a level pointer and the quantity used at that level.
    /// </summary>
    private static void LeaveBlocks(ZonalClearingScratch s, int zones)
    {
        for (int zone = 0; zone < zones; zone++)
        {
            if (s.AskInBlock[zone])
            {
                s.AskInBlock[zone] = false;
                int end = s.ZoneLevelStart[zone + 1];
                int level = s.AskLevel[zone];
                Int128 used = s.AskUsed[zone];
                while (level < end && used >= s.LevelSell[level])
                {
                    used -= s.LevelSell[level];
                    level = NextAsk(s, level + 1, end);
                }

                s.AskLevel[zone] = level;
                s.AskUsed[zone] = used;
            }

            if (s.BidInBlock[zone])
            {
                s.BidInBlock[zone] = false;
                int start = s.ZoneLevelStart[zone];
                int level = s.BidLevel[zone];
                Int128 used = s.BidUsed[zone];
                while (level >= start && used >= s.LevelBuy[level])
                {
                    used -= s.LevelBuy[level];
                    level = NextBid(s, level - 1, start);
                }

                s.BidLevel[zone] = level;
                s.BidUsed[zone] = used;
            }
        }
    }

    /// <summary>The first level at or after <paramref name="from"/> (before <paramref name="end"/>) with sell quantity, or <paramref name="end"/>.</summary>
    private static int NextAsk(ZonalClearingScratch s, int from, int end)
    {
        while (from < end && s.LevelSell[from] == 0)
        {
            from++;
        }

        return from;
    }

    /// <summary>The first level at or below <paramref name="from"/> (not below <paramref name="start"/>) with buy quantity, or <paramref name="start"/> − 1.</summary>
    private static int NextBid(ZonalClearingScratch s, int from, int start)
    {
        while (from >= start && s.LevelBuy[from] == 0)
        {
            from--;
        }

        return from;
    }

    /// <summary>The zone prices for the fills (see the remarks of the class), and which zones are active.</summary>
    private static void Price(ZoneNetwork network, ZonalClearingScratch s, int zones, Span<long> prices, Span<bool> active)
    {
        // The difference constraints π[b] − π[a] ≤ bound[a, b], closed under shortest paths (Floyd–Warshall).
        Span<Int128> bound = ZonalClearingScratch.Ensure(ref s.Bound, zones * zones).AsSpan(0, zones * zones);
        bound.Fill(Infinite);
        ReadOnlySpan<long> fees = network.Fees;
        ReadOnlySpan<long> limits = network.Limits;
        for (int a = 0; a < zones; a++)
        {
            bound[(a * zones) + a] = 0;
            for (int b = 0; b < zones; b++)
            {
                int pair = (a * zones) + b;
                if (a == b || limits[pair] == 0)
                {
                    continue;
                }

                Int128 carried = s.Flow[pair];
                if (limits[pair] == ZoneNetwork.Unlimited || carried < limits[pair])
                {
                    bound[pair] = Int128.Min(bound[pair], fees[pair]);
                }

                if (carried > 0)
                {
                    bound[(b * zones) + a] = Int128.Min(bound[(b * zones) + a], -fees[pair]);
                }
            }
        }

        for (int k = 0; k < zones; k++)
        {
            for (int a = 0; a < zones; a++)
            {
                if (bound[(a * zones) + k] >= Infinite)
                {
                    continue;
                }

                for (int b = 0; b < zones; b++)
                {
                    if (bound[(k * zones) + b] < Infinite)
                    {
                        bound[(a * zones) + b] = Int128.Min(bound[(a * zones) + b], bound[(a * zones) + k] + bound[(k * zones) + b]);
                    }
                }
            }
        }

        // Each zone's own clearing conditions: no unfilled buyer above, no unfilled seller below, no filled buyer below,
        // no filled seller above the price.
        Int128[] lower = ZonalClearingScratch.Ensure(ref s.LowerBound, zones);
        Int128[] upper = ZonalClearingScratch.Ensure(ref s.UpperBound, zones);
        for (int zone = 0; zone < zones; zone++)
        {
            Bounds(s, zone, out lower[zone], out upper[zone], out active[zone]);
            for (int other = 0; other < zones && !active[zone]; other++)
            {
                active[zone] = s.Flow[(zone * zones) + other] > 0 || s.Flow[(other * zones) + zone] > 0;
            }
        }

        // Groups of zones whose price differences are fixed, narrowed group by group as one zone is (least surplus).
        int[] group = ZonalClearingScratch.Ensure(ref s.GroupOf, zones);
        Array.Fill(group, -1, 0, zones);
        for (int root = 0; root < zones; root++)
        {
            if (group[root] >= 0)
            {
                continue;
            }

            for (int zone = root; zone < zones; zone++)
            {
                Int128 there = bound[(root * zones) + zone];
                Int128 back = bound[(zone * zones) + root];
                if (group[zone] < 0 && there < Infinite && back < Infinite && there + back == 0)
                {
                    group[zone] = root;
                }
            }

            Range(bound, lower, upper, zones, root, out Int128 low, out Int128 high);
            if (low > high)
            {
                continue; // cannot happen for an optimal flow (LP duality); leave the range as it is
            }

            Int128 unfilledLow = low > -Infinite ? UnfilledAt(s, group, bound, zones, root, low) : 0;
            Int128 unfilledHigh = high < Infinite ? UnfilledAt(s, group, bound, zones, root, high) : 0;
            Int128 narrowLow = low;
            Int128 narrowHigh = high;
            if (high - low >= 2)
            {
                narrowLow = unfilledLow > 0 ? low + 1 : low;
                narrowHigh = unfilledHigh > 0 ? high - 1 : high;
            }
            else if (high - low == 1)
            {
                narrowLow = unfilledLow > unfilledHigh ? high : low;
                narrowHigh = unfilledHigh > unfilledLow ? low : high;
            }

            lower[root] = Int128.Max(lower[root], narrowLow);
            upper[root] = Int128.Min(upper[root], narrowHigh);
        }

        // Midpoint of each zone's lowest and highest value, all rounded the same way (half to even on the first zone
        // that needs rounding), so every difference constraint still holds.
        int roundUp = -1;
        for (int zone = 0; zone < zones; zone++)
        {
            if (!active[zone])
            {
                continue;
            }

            Range(bound, lower, upper, zones, zone, out Int128 low, out Int128 high);
            if (low <= -Infinite || high >= Infinite)
            {
                low = high = low <= -Infinite ? high : low; // cannot happen for an active zone; keep a bound
            }

            Int128 twice = low + high;
            Int128 floor = twice >= 0 ? twice / 2 : -((-twice + 1) / 2);
            if (roundUp < 0 && (twice & 1) != 0)
            {
                roundUp = (floor & 1) != 0 ? 1 : 0;
            }

            prices[zone] = (long)(floor + ((twice & 1) != 0 && roundUp == 1 ? 1 : 0));
        }
    }

    /// <summary>The lowest and highest price zone <paramref name="zone"/> can take under the constraints and the current bounds.</summary>
    private static void Range(ReadOnlySpan<Int128> bound, Int128[] lower, Int128[] upper, int zones, int zone, out Int128 low, out Int128 high)
    {
        low = -Infinite;
        high = Infinite;
        for (int other = 0; other < zones; other++)
        {
            Int128 toOther = bound[(zone * zones) + other]; // π[other] − π[zone] ≤ toOther
            Int128 fromOther = bound[(other * zones) + zone]; // π[zone] − π[other] ≤ fromOther
            if (toOther < Infinite && lower[other] > -Infinite)
            {
                low = Int128.Max(low, lower[other] - toOther);
            }

            if (fromOther < Infinite && upper[other] < Infinite)
            {
                high = Int128.Min(high, upper[other] + fromOther);
            }
        }
    }

    /// <summary>Energy offered or bid at exactly its zone's price and left unfilled, over a group priced at <paramref name="rootPrice"/> for its root.</summary>
    private static Int128 UnfilledAt(ZonalClearingScratch s, int[] group, ReadOnlySpan<Int128> bound, int zones, int root, Int128 rootPrice)
    {
        Int128 total = 0;
        for (int zone = 0; zone < zones; zone++)
        {
            if (group[zone] != root)
            {
                continue;
            }

            Int128 price = rootPrice + bound[(root * zones) + zone];
            int start = s.ZoneLevelStart[zone];
            int end = s.ZoneLevelStart[zone + 1];
            if (price < long.MinValue || price > long.MaxValue)
            {
                continue;
            }

            int found = s.LevelTick.AsSpan(start, end - start).BinarySearch((long)price);
            if (found < 0)
            {
                continue;
            }

            int level = start + found;
            int bid = s.BidLevel[zone];
            int ask = s.AskLevel[zone];
            total += level > bid ? 0 : level == bid ? s.LevelBuy[level] - s.BidUsed[zone] : s.LevelBuy[level];
            total += level < ask ? 0 : level == ask ? s.LevelSell[level] - s.AskUsed[zone] : s.LevelSell[level];
        }

        return total;
    }

    /// <summary>A zone's own price bounds from its fills, and whether it bought or sold anything.</summary>
    private static void Bounds(ZonalClearingScratch s, int zone, out Int128 lower, out Int128 upper, out bool traded)
    {
        int start = s.ZoneLevelStart[zone];
        int end = s.ZoneLevelStart[zone + 1];
        lower = -Infinite;
        upper = Infinite;
        traded = false;

        // Buyers: the bid pointer's level holds the highest unfilled buyers (π ≥ it); the lowest level that bought
        // anything (π ≤ it) is the pointer's level when partly used, else the next buy level above.
        int bid = s.BidLevel[zone];
        if (bid >= start)
        {
            lower = Int128.Max(lower, s.LevelTick[bid]);
        }

        int lowestBought = s.BidUsed[zone] > 0 ? bid : bid + 1;
        while (lowestBought < end && s.LevelBuy[lowestBought] == 0)
        {
            lowestBought++;
        }

        if (lowestBought < end)
        {
            upper = Int128.Min(upper, s.LevelTick[lowestBought]);
            traded = true;
        }

        // Sellers: the ask pointer's level holds the lowest unfilled sellers (π ≤ it); the highest level that sold
        // anything (π ≥ it) is the pointer's level when partly used, else the next sell level below.
        int ask = s.AskLevel[zone];
        if (ask < end)
        {
            upper = Int128.Min(upper, s.LevelTick[ask]);
        }

        int highestSold = s.AskUsed[zone] > 0 ? ask : ask - 1;
        while (highestSold >= start && s.LevelSell[highestSold] == 0)
        {
            highestSold--;
        }

        if (highestSold >= start)
        {
            lower = Int128.Max(lower, s.LevelTick[highestSold]);
            traded = true;
        }
    }

    /// <summary>Writes the fills in ascending order index: whole levels beyond each zone's marginal one, pro rata at it.</summary>
    private static void Allocate(ReadOnlySpan<AuctionOrder> orders, ZonalClearingScratch s, int zones, ReadOnlySpan<long> prices, bool payAsBid, ClearingResult result)
    {
        int live = s.ZoneStart[zones];
        AuctionFill[] fills = result.EnsureFillCapacity(live + 1);
        Rationed[] rationed = ZonalClearingScratch.Ensure(ref s.Rationed, live);
        Int128[] shared = ZonalClearingScratch.Ensure(ref s.GroupShared, 2 * zones);
        Array.Clear(shared, 0, 2 * zones);
        int n = 0;
        int c = 0;
        for (int i = 0; i < orders.Length; i++)
        {
            ref readonly AuctionOrder order = ref orders[i];
            if (order.Quantity <= 0)
            {
                continue;
            }

            int zone = order.Zone;
            int level = s.LevelOf[i];
            long price = payAsBid ? order.PriceTick : prices[zone];
            bool buy = order.Side == Side.Buy;
            int marginal = buy ? s.BidLevel[zone] : s.AskLevel[zone];
            Int128 used = buy ? s.BidUsed[zone] : s.AskUsed[zone];
            bool whole = buy ? level > marginal : level < marginal;
            if (level == marginal && used > 0)
            {
                Int128 levelQuantity = buy ? s.LevelBuy[level] : s.LevelSell[level];
                long quantity = used <= long.MaxValue && levelQuantity <= long.MaxValue
                    ? CallAuctionClearing.Share((long)used, order.Quantity, (long)levelQuantity, out Int128 remainder)
                    : CallAuctionClearing.Share(used, order.Quantity, levelQuantity, out remainder);
                int group = (2 * zone) + (buy ? 0 : 1);
                shared[group] += quantity;
                rationed[c++] = new Rationed { FillSlot = n, OrderIndex = i, Group = group, Remainder = remainder, Sequence = order.Sequence };
                fills[n++] = new AuctionFill(i, order.OrderId, quantity, price);
            }
            else if (whole)
            {
                fills[n++] = new AuctionFill(i, order.OrderId, order.Quantity, price);
            }
        }

        if (c > 0)
        {
            // Per rationed level, the Wh lost to rounding down go one each to the largest remainders.
            Span<Rationed> ranked = rationed.AsSpan(0, c);
            ranked.Sort(ByGroupThenLargestRemainder);
            int firstEmpty = n;
            for (int j = 0; j < c;)
            {
                int group = ranked[j].Group;
                int zone = group / 2;
                Int128 leftover = (group % 2 == 0 ? s.BidUsed[zone] : s.AskUsed[zone]) - shared[group];
                int k = j;
                for (; k < c && ranked[k].Group == group; k++)
                {
                    ref AuctionFill fill = ref fills[ranked[k].FillSlot];
                    if (k - j < leftover)
                    {
                        fill = new AuctionFill(fill.OrderIndex, fill.OrderId, fill.Quantity + 1, fill.PriceTick);
                    }
                    else if (fill.Quantity == 0)
                    {
                        firstEmpty = Math.Min(firstEmpty, ranked[k].FillSlot);
                    }
                }

                j = k;
            }

            int kept = firstEmpty;
            for (int j = firstEmpty; j < n; j++)
            {
                if (fills[j].Quantity > 0)
                {
                    fills[kept++] = fills[j];
                }
            }

            n = kept;
        }

        result.SetCount(n);
    }

    /// <summary>By rationed level, then largest remainder, then earlier sequence, then lower order index.</summary>
    private static readonly Comparison<Rationed> ByGroupThenLargestRemainder = static (x, y) =>
    {
        int byGroup = x.Group.CompareTo(y.Group);
        if (byGroup != 0)
        {
            return byGroup;
        }

        int byRemainder = y.Remainder.CompareTo(x.Remainder);
        if (byRemainder != 0)
        {
            return byRemainder;
        }

        int bySequence = x.Sequence.CompareTo(y.Sequence);
        return bySequence != 0 ? bySequence : x.OrderIndex.CompareTo(y.OrderIndex);
    };

    /// <summary>An order rationed at its zone's marginal level, waiting for the largest-remainder step.</summary>
    internal struct Rationed
    {
        public int FillSlot;
        public int OrderIndex;
        public int Group;
        public Int128 Remainder;
        public long Sequence;
    }

    /// <summary>A path cost compared lexicographically: money (price ticks per Wh) first, then energy moved between zones.</summary>
    internal readonly record struct Cost(Int128 Money, long Moved)
    {
        public static Cost operator +(Cost a, Cost b) => new(a.Money + b.Money, a.Moved + b.Moved);

        public static Cost operator -(Cost a, Cost b) => new(a.Money - b.Money, a.Moved - b.Moved);

        public static bool operator <(Cost a, Cost b) => a.Money < b.Money || (a.Money == b.Money && a.Moved < b.Moved);

        public static bool operator >(Cost a, Cost b) => b < a;
    }

    /// <summary>The residual graph's arcs, read from the clearing state.</summary>
    private readonly struct Graph(ZoneNetwork network, ZonalClearingScratch scratch, int zones)
    {
        public ZonalClearingScratch Scratch => scratch;

        public int Zones => zones;

        /// <summary>Source → zone: the zone's cheapest seller not yet used, at its price.</summary>
        public bool AskCost(int zone, out Cost cost)
        {
            int level = scratch.AskLevel[zone];
            bool open = level < scratch.ZoneLevelStart[zone + 1];
            cost = !open ? default : scratch.AskInBlock[zone] ? new Cost(Committed, 0) : new Cost(scratch.LevelTick[level], 0);
            return open;
        }

        /// <summary>Zone → sink: the zone's dearest buyer not yet used, at minus its price.</summary>
        public bool BidCost(int zone, out Cost cost)
        {
            int level = scratch.BidLevel[zone];
            bool open = level >= scratch.ZoneLevelStart[zone];
            cost = !open ? default : scratch.BidInBlock[zone] ? new Cost(Committed, 0) : new Cost(-(Int128)scratch.LevelTick[level], 0);
            return open;
        }

        /// <summary>Zone → zone: cancelling energy sent the other way when there is some (cheaper), else a new transfer within the limit.</summary>
        public bool TransferCost(int from, int to, out Cost cost, out Int128 capacity)
        {
            Int128 back = scratch.Flow[(to * zones) + from];
            if (back > 0)
            {
                cost = new Cost(-network.Fees[(to * zones) + from], -1);
                capacity = back;
                return true;
            }

            long limit = network.Limits[(from * zones) + to];
            capacity = limit == ZoneNetwork.Unlimited ? Boundless : limit - scratch.Flow[(from * zones) + to];
            cost = new Cost(network.Fees[(from * zones) + to], 1);
            return capacity > 0;
        }
    }
}
