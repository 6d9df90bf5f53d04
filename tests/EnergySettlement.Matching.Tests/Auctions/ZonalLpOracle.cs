using EnergySettlement.Matching.Auctions;
using Google.OrTools.LinearSolver;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>
/// The independent check of the zonal call auction: the welfare-maximisation LP written out variable by variable and
/// solved by Google OR-Tools' GLOP (a simplex solver in floating point), with nothing shared with the engine's algorithm.
/// </summary>
internal static class ZonalLpOracle
{
    /// <summary>
    /// max Σ buys p·x − Σ sells p·x − Σ fee·f subject to: in every zone, sold − bought = out − in; 0 ≤ x ≤ quantity;
    /// 0 ≤ f ≤ limit (no variable where the limit is 0). Returns the optimal objective.
    /// </summary>
    public static double MaximumWelfare(IReadOnlyList<AuctionOrder> orders, ZoneNetwork network)
    {
        using Solver solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available.");
        int zones = network.ZoneCount;
        var balance = new Constraint[zones];
        for (int zone = 0; zone < zones; zone++)
        {
            balance[zone] = solver.MakeConstraint(0, 0, $"balance{zone}");
        }

        Objective objective = solver.Objective();
        for (int i = 0; i < orders.Count; i++)
        {
            AuctionOrder order = orders[i];
            if (order.Quantity <= 0)
            {
                continue;
            }

            Variable x = solver.MakeNumVar(0, order.Quantity, $"x{i}");
            bool buy = order.Side == Side.Buy;
            objective.SetCoefficient(x, buy ? order.PriceTick : -order.PriceTick);
            balance[order.Zone].SetCoefficient(x, buy ? -1 : 1);
        }

        for (int from = 0; from < zones; from++)
        {
            for (int to = 0; to < zones; to++)
            {
                long limit = network.GetTransferLimit(from, to);
                if (from == to || limit == 0)
                {
                    continue;
                }

                Variable f = solver.MakeNumVar(0, limit == ZoneNetwork.Unlimited ? double.PositiveInfinity : limit, $"f{from}_{to}");
                objective.SetCoefficient(f, -network.GetNetworkFee(from, to));
                balance[from].SetCoefficient(f, -1);
                balance[to].SetCoefficient(f, 1);
            }
        }

        objective.SetMaximization();
        Solver.ResultStatus status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException($"GLOP ended with {status}.");
        }

        return objective.Value();
    }

    /// <summary>The welfare of a clearing result: buyers' limits minus sellers' limits over the fills, minus the network fees.</summary>
    public static Int128 Welfare(IReadOnlyList<AuctionOrder> orders, ClearingResult result, ZoneNetwork network)
    {
        Int128 welfare = 0;
        foreach (AuctionFill fill in result.Fills)
        {
            AuctionOrder order = orders[fill.OrderIndex];
            welfare += (Int128)fill.Quantity * order.PriceTick * (order.Side == Side.Buy ? 1 : -1);
        }

        foreach (ZoneTransfer transfer in result.Transfers)
        {
            welfare -= (Int128)transfer.Quantity * network.GetNetworkFee(transfer.FromZone, transfer.ToZone);
        }

        return welfare;
    }
}
