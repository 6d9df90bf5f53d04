namespace EnergySettlement.Ethereum.Tests.Gas;

/// <summary>One measured case: ether or a token, payees fresh (no balance yet) or already funded, n payouts.</summary>
public readonly record struct GasCase(bool Token, bool Funded, int Payouts)
{
    public override string ToString() => $"{(Token ? "token" : "ether")}, {(Funded ? "funded" : "fresh")} payees, n = {Payouts}";
}
