using CsCheck;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing.Tests.Properties;

/// <summary>
/// Random sequences of payments, resubmissions, mining, reorgs and faults on two providers sharing one chain: money is
/// conserved, no batch is ever paid twice, and once the faults stop every batch gets paid exactly once.
/// </summary>
public class SimulatedChainPropertyTests
{
    private const int BatchCount = 6;

    [Fact]
    public void RandomOperationsAndFaults_Always_ConserveMoneyAndNeverPayABatchTwice()
    {
        Gen.Select(Gen.Int[0, 12], Gen.Int[0, 1_000]).Array[1, 60]
            .Sample(Run, iter: 300, threads: 1, print: ops => string.Join(" ", ops.Select(o => $"{o.Item1}/{o.Item2}")));
    }

    private static void Run((int Op, int Arg)[] operations)
    {
        var world = new World();
        foreach (var (op, arg) in operations)
        {
            world.Step(op, arg);
            world.AssertInvariants();
        }

        world.Settle();
        world.AssertInvariants();
        world.AssertEveryPreparedBatchPaidOnce();
    }

    private sealed class World
    {
        private readonly ChainHarness _h = new();
        private readonly SimulatedChainProvider[] _providers;
        private readonly SettlementAccount[] _payers;
        private readonly SettlementAccount[] _payees = new SettlementAccount[BatchCount];
        private readonly List<(SimulatedChainProvider Provider, PreparedTransaction Transaction)> _prepared = [];
        private readonly HashSet<int> _batchesPrepared = [];

        public World()
        {
            _providers = [_h.Provider, new SimulatedChainProvider(_h.Chain)];
            _payers = [_h.Payer, _h.Chain.Account("payer-two")];
            _h.Chain.Fund(_payers[1], _h.Units(200_000));
            for (var i = 0; i < BatchCount; i++)
            {
                _payees[i] = _h.Chain.Account($"payee-{i}");
            }
        }

        private SimulatedChain Chain => _h.Chain;

        public void Step(int op, int arg)
        {
            try
            {
                switch (op)
                {
                    case 0:
                    case 1:
                        PrepareAndSubmit(arg % BatchCount, _providers[(arg / BatchCount) % 2]);
                        break;
                    case 2:
                        if (_prepared.Count > 0)
                        {
                            var (provider, tx) = _prepared[arg % _prepared.Count];
                            provider.SubmitAsync(tx).GetAwaiter().GetResult();
                        }

                        break;
                    case 3:
                    case 4:
                        Chain.MineBlocks(1 + (arg % 2));
                        break;
                    case 5:
                        var depth = 1 + (arg % 3);
                        if (Chain.Height >= depth)
                        {
                            Chain.Faults.Reorg(depth, arg % 2 == 0 ? SimulatedReorgMode.ReturnToMempool : SimulatedReorgMode.Drop);
                        }

                        break;
                    case 6:
                        var pending = Chain.Mempool;
                        if (pending.Count > 0)
                        {
                            Assert.True(Chain.Faults.DropFromMempool(pending[arg % pending.Count]));
                        }

                        break;
                    case 7:
                        Chain.Faults.NextSubmitTimesOutButAccepts();
                        break;
                    case 8:
                        Chain.Faults.RejectNextSubmit("injected");
                        break;
                    case 9:
                        Chain.Faults.Unreachable(1 + (arg % 2));
                        break;
                    case 10:
                        if (arg % 2 == 0)
                        {
                            Chain.Faults.FeeSpike(2 + (arg % 3));
                        }
                        else
                        {
                            Chain.Faults.EndFeeSpike();
                        }

                        break;
                    case 11:
                        Chain.SetBalance(_payers[arg % 2], _h.Units(arg * 20));
                        break;
                    default:
                        _h.Time.Advance(TimeSpan.FromSeconds(arg));
                        break;
                }
            }
            catch (EnergySettlementException)
            {
                // Outages, timeouts, rejections and refusals are expected outcomes; the invariants still hold.
            }
        }

        public void Settle()
        {
            Chain.Faults.Clear();
            foreach (var payer in _payers)
            {
                Chain.Fund(payer, _h.Units(10_000_000));
            }

            for (var round = 0; round < 3; round++)
            {
                foreach (var batch in _batchesPrepared)
                {
                    foreach (var provider in _providers)
                    {
                        try
                        {
                            PrepareAndSubmit(batch, provider);
                        }
                        catch (TransactionRejectedException e) when (e.ErrorCode == "batch-already-settled")
                        {
                            // Another transaction paid it first: the refusal is the point.
                        }
                    }
                }

                Chain.MineBlock();
            }
        }

        public void AssertInvariants()
        {
            _h.AssertConserved();
            for (var i = 0; i < BatchCount; i++)
            {
                var received = Chain.GetBalance(_payees[i], _h.Sim).Amount;
                var settled = Chain.TryGetSettlement(Id(i), out _);
                Assert.Equal(settled ? Amount(i) : 0, received);
            }

            foreach (var payer in _payers)
            {
                Assert.False(Chain.GetBalance(payer, _h.Sim).IsNegative);
            }
        }

        public void AssertEveryPreparedBatchPaidOnce()
        {
            foreach (var batch in _batchesPrepared)
            {
                Assert.True(Chain.TryGetSettlement(Id(batch), out _), $"batch {batch} was prepared but never paid");
            }
        }

        private static SettlementBatchId Id(int batch) => new($"batch-{batch}");

        private static long Amount(int batch) => 1_000 * (batch + 1);

        private void PrepareAndSubmit(int batch, SimulatedChainProvider provider)
        {
            var payout = new Payout(_payees[batch], _h.Units(Amount(batch)));
            var settlement = new SettlementBatch(Id(batch), _payers[batch % 2], _h.Sim, [payout]);
            var tx = provider.PrepareAsync(settlement).GetAwaiter().GetResult();
            _batchesPrepared.Add(batch);
            _prepared.Add((provider, tx));
            provider.SubmitAsync(tx).GetAwaiter().GetResult();
        }
    }
}
