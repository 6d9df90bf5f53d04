using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>
/// Routes net payments: picks for each a chain and asset both sides use (by their preferences), converts the quote
/// amount when the asset paid is another one (recording the rate), and either makes it a <see cref="SettlementLeg"/> or,
/// when it is below the asset's minimum payout, a <see cref="CarriedAmount"/> for the next window.
/// </summary>
/// <remarks>
/// Bilateral route: the account pair with the lowest sum of the two ranks; ties to the lower payee rank, then to the
/// order of the payer's and payee's accounts. Cleared route: the participant's most preferred account that the agent
/// shares (chain and asset), and of the agent's accounts there, its most preferred. A bilateral pair with nothing in
/// common goes through the clearing agent as two legs when one is configured.
/// </remarks>
internal sealed class Router
{
    // Below this many payments, one thread is faster than handing out work.
    private const int ChunkSize = 16_384;

    private readonly PlanningInput _input;
    private readonly SettlementPlanningOptions _options;
    private readonly Dictionary<Asset, Int128> _minimums = [];
    private readonly ParticipantAccount[][] _accounts;

    // Per participant and account: the batch group of (account, asset) as the payer, and the ordinal rank of the address
    // as the payee, so the batcher groups and sorts a million legs by integers instead of strings.
    private readonly int[][] _groupOf;
    private readonly int[][] _addressRank;
    private readonly Int128[][] _minimumOf;
    private readonly List<(SettlementAccount From, Asset Asset)> _groups = [];

    public Router(PlanningInput input, SettlementPlanningOptions options)
    {
        _input = input;
        _options = options;

        // Each participant's accounts as an array, so the route search per payment enumerates no interface.
        _accounts = new ParticipantAccount[input.Participants.Length][];
        for (var p = 0; p < _accounts.Length; p++)
        {
            _accounts[p] = [.. input.Participants[p].Accounts];
        }

        var groups = new Dictionary<(SettlementAccount, Asset), int>();
        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        _groupOf = new int[_accounts.Length][];
        _addressRank = new int[_accounts.Length][];
        for (var p = 0; p < _accounts.Length; p++)
        {
            _groupOf[p] = new int[_accounts[p].Length];
            for (var k = 0; k < _accounts[p].Length; k++)
            {
                var account = _accounts[p][k];
                if (!groups.TryGetValue((account.Account, account.Asset), out var group))
                {
                    group = _groups.Count;
                    groups.Add((account.Account, account.Asset), group);
                    _groups.Add((account.Account, account.Asset));
                }

                _groupOf[p][k] = group;
                addresses.Add(account.Account.Address);
            }
        }

        var rankOf = new Dictionary<string, int>(addresses.Count, StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            rankOf.Add(address, rankOf.Count);
        }

        for (var p = 0; p < _accounts.Length; p++)
        {
            _addressRank[p] = new int[_accounts[p].Length];
            for (var k = 0; k < _accounts[p].Length; k++)
            {
                _addressRank[p][k] = rankOf[_accounts[p][k].Account.Address];
            }
        }

        foreach (var minimum in options.MinimumPayouts)
        {
            _minimums.Add(minimum.Asset, minimum.Amount);
        }

        // Per participant and account: the minimum payout of its asset, looked up once instead of per leg.
        _minimumOf = new Int128[_accounts.Length][];
        for (var p = 0; p < _accounts.Length; p++)
        {
            _minimumOf[p] = new Int128[_accounts[p].Length];
            for (var k = 0; k < _accounts[p].Length; k++)
            {
                _minimumOf[p][k] = _minimums.TryGetValue(_accounts[p][k].Asset, out var m) ? m : Int128.One;
            }
        }
    }

    /// <summary>Gets the batch groups legs are routed into: paying account and asset, by group number.</summary>
    public IReadOnlyList<(SettlementAccount From, Asset Asset)> Groups => _groups;

    public void Route(Netting netting, List<Obligation> obligations, RoutedLegs legs, List<CarriedAmount> carriedForward, SortedDictionary<string, ExchangeRate> ratesUsed)
    {
        var payments = netting.Payments;

        // The obligations' ids in netting order, so each leg's are one range of this one array, shared by every leg: read
        // once in list order into a flat array (8 to 24 bytes per obligation instead of a million obligation objects), then
        // gathered in pair order from it.
        var inListOrder = new ObligationId[obligations.Count];
        ParallelChunks.Run((inListOrder.Length + ChunkSize - 1) / ChunkSize, chunk =>
        {
            var end = Math.Min(inListOrder.Length, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                inListOrder[i] = obligations[i].Id;
            }
        });

        var order = netting.ObligationOrder;
        var ids = new ObligationId[order.Length];
        ParallelChunks.Run((ids.Length + ChunkSize - 1) / ChunkSize, chunk =>
        {
            var end = Math.Min(ids.Length, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                ids[i] = inListOrder[order[i]];
            }
        });

        var chunks = (payments.Count + ChunkSize - 1) / ChunkSize;
        if (chunks <= 1 || ParallelChunks.OneThread)
        {
            RouteRange(netting, ids, 0, payments.Count, legs, carriedForward, ratesUsed);
            return;
        }

        // Carried ids are cached on first use, and in cleared netting one carried amount is in two payments: work them
        // out here so that no two threads write the same cache.
        foreach (var carried in _input.Carried)
        {
            _ = carried.Id;
        }

        // Payments routed in chunks on every core, each into its own lists, then joined in chunk order: the same legs,
        // carried amounts and rates in the same order as routing one by one. A failure is the first in payment order.
        var chunkLegs = new RoutedLegs[chunks];
        var chunkCarried = new List<CarriedAmount>[chunks];
        var chunkRates = new SortedDictionary<string, ExchangeRate>[chunks];
        var failures = new Exception?[chunks];
        ParallelChunks.Run(chunks, chunk =>
        {
            var from = chunk * ChunkSize;
            var end = Math.Min(payments.Count, from + ChunkSize);
            chunkLegs[chunk] = new RoutedLegs(end - from);
            chunkCarried[chunk] = [];
            chunkRates[chunk] = new SortedDictionary<string, ExchangeRate>(StringComparer.Ordinal);
            try
            {
                RouteRange(netting, ids, from, end, chunkLegs[chunk], chunkCarried[chunk], chunkRates[chunk]);
            }
            catch (Exception e)
            {
                failures[chunk] = e;
            }
        });

        if (Array.Find(failures, f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        for (var chunk = 0; chunk < chunks; chunk++)
        {
            legs.AddRange(chunkLegs[chunk]);
            carriedForward.AddRange(chunkCarried[chunk]);
            foreach (var (asset, rate) in chunkRates[chunk])
            {
                ratesUsed.TryAdd(asset, rate);
            }
        }
    }

    private void RouteRange(Netting netting, ObligationId[] ids, int from, int end, RoutedLegs legs, List<CarriedAmount> carriedForward, SortedDictionary<string, ExchangeRate> ratesUsed)
    {
        var cleared = _options.Netting == NettingMode.Cleared;
        for (var index = from; index < end; index++)
        {
            var payment = netting.Payments[index];
            var obligationIds = new ArraySegment<ObligationId>(ids, payment.ObligationStart, payment.ObligationCount);

            var carriedIds = payment.CarriedCount == 0 ? [] : new CarriedAmountId[payment.CarriedCount];
            for (var i = 0; i < carriedIds.Length; i++)
            {
                carriedIds[i] = _input.Carried[netting.CarriedOrder[payment.CarriedStart + i]].Id;
            }

            var route = cleared ? ThroughAgent(payment.Payer, payment.Payee) : Direct(payment.Payer, payment.Payee);
            if (route is { } found)
            {
                Pay(payment.Payer, payment.Payee, payment.Amount, found, obligationIds, carriedIds, legs, carriedForward, ratesUsed);
                continue;
            }

            var agent = _input.Agent;
            if (cleared || agent < 0 || payment.Payer == agent || payment.Payee == agent)
            {
                throw NoCommonAccount(payment.Payer, payment.Payee);
            }

            // Documented fallback: a pair with no chain and asset in common settles through the clearing agent.
            var first = ThroughAgent(payment.Payer, agent) ?? throw NoCommonAccount(payment.Payer, agent);
            var second = ThroughAgent(agent, payment.Payee) ?? throw NoCommonAccount(agent, payment.Payee);
            Pay(payment.Payer, agent, payment.Amount, first, obligationIds, carriedIds, legs, carriedForward, ratesUsed);
            Pay(agent, payment.Payee, payment.Amount, second, obligationIds, carriedIds, legs, carriedForward, ratesUsed);
        }
    }

    // route: the paying account (index among the payer's) and the receiving one (among the payee's).
    private void Pay(int payer, int payee, Int128 quoteAmount, (int From, int To) route, ArraySegment<ObligationId> obligationIds, CarriedAmountId[] carriedIds, RoutedLegs legs, List<CarriedAmount> carriedForward, SortedDictionary<string, ExchangeRate> ratesUsed)
    {
        var from = _accounts[payer][route.From];
        var to = _accounts[payee][route.To];
        var quote = new Money(quoteAmount, _input.Quote);
        var asset = from.Asset;
        ExchangeRate? rate = null;
        var amount = quote;
        if (asset != _input.Quote)
        {
            rate = RateTo(asset);
            amount = rate.Convert(quote, _options.ConversionRounding);
        }

        var payerId = _input.Participants[payer].Id;
        var payeeId = _input.Participants[payee].Id;
        var minimum = _minimumOf[payer][route.From];
        if (amount.Amount < minimum || amount.Amount <= 0)
        {
            // Too small to pay on this chain: owed in the quote asset, paid in a later window with whatever is due then.
            carriedForward.Add(new CarriedAmount(_input.WindowId, payerId, payeeId, quote, obligationIds, carriedIds));
            return;
        }

        if (rate is not null)
        {
            ratesUsed.TryAdd(asset.Id.ToString(), rate);
        }

        legs.Add(SettlementLeg.Owning(_input.WindowId, payerId, payeeId, from.Account, to.Account, amount, quote, rate, obligationIds, carriedIds), _groupOf[payer][route.From], _addressRank[payee][route.To]);
    }

    private ExchangeRate RateTo(Asset asset)
    {
        if (!_input.Rates.TryGetValue(asset, out var rate))
        {
            throw new SettlementPlanningException(SettlementPlanningError.MissingExchangeRate, $"A leg is paid in {asset}, but the request has no exchange rate from {_input.Quote.Symbol} to {asset.Symbol}.");
        }

        var asOf = _input.Request.AsOf;
        if (rate.ObservedAt > asOf || asOf - rate.ObservedAt > _options.MaxExchangeRateAge)
        {
            throw new SettlementPlanningException(SettlementPlanningError.MissingExchangeRate, $"The exchange rate {rate} was observed at {rate.ObservedAt:O}; planning at {asOf:O} needs one observed at most {_options.MaxExchangeRateAge} before, and not after.");
        }

        return rate;
    }

    private (int From, int To)? Direct(int payer, int payee)
    {
        (int, int)? best = null;
        int bestSum = int.MaxValue, bestPayeeRank = int.MaxValue;
        var payerAccounts = _accounts[payer];
        var payeeAccounts = _accounts[payee];
        for (var i = 0; i < payerAccounts.Length; i++)
        {
            var from = payerAccounts[i];
            for (var j = 0; j < payeeAccounts.Length; j++)
            {
                var to = payeeAccounts[j];
                if (from.Asset != to.Asset)
                {
                    continue;
                }

                var sum = from.Rank + to.Rank;
                if (sum < bestSum || (sum == bestSum && to.Rank < bestPayeeRank))
                {
                    best = (i, j);
                    bestSum = sum;
                    bestPayeeRank = to.Rank;
                }
            }
        }

        return best;
    }

    private (int From, int To)? ThroughAgent(int payer, int payee)
    {
        var agent = _input.Agent;
        var participantIsPayer = payee == agent;
        var participant = participantIsPayer ? payer : payee;
        var mineAll = _accounts[participant];
        var theirsAll = _accounts[agent];
        for (var i = 0; i < mineAll.Length; i++)
        {
            for (var j = 0; j < theirsAll.Length; j++)
            {
                if (mineAll[i].Asset == theirsAll[j].Asset)
                {
                    return participantIsPayer ? (i, j) : (j, i);
                }
            }
        }

        return null;
    }

    private SettlementPlanningException NoCommonAccount(int payer, int payee)
    {
        var a = _input.Participants[payer];
        var b = _input.Participants[payee];
        return new SettlementPlanningException(
            SettlementPlanningError.NoCommonAccount,
            $"'{a.Id}' must pay '{b.Id}', but they share no chain and asset: '{a.Id}' uses {Describe(a)}; '{b.Id}' uses {Describe(b)}.{(_options.Netting == NettingMode.Bilateral && _input.Agent < 0 ? " Configure a clearing agent to route such pairs through it." : string.Empty)}");
    }

    private static string Describe(SettlementParticipant participant) =>
        participant.Accounts.Count == 0 ? "no accounts" : string.Join(", ", participant.Accounts.Select(a => $"{a.Asset.Symbol} on {a.ChainId}"));
}
