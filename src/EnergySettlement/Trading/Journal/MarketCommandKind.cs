namespace EnergySettlement.Trading;

/// <summary>What a journaled market command does (the second byte of its payload).</summary>
internal enum MarketCommandKind : byte
{
    OpenBook = 1,
    Place = 2,
    Cancel = 3,
    Reduce = 4,
    Uncross = 5,
    CloseGate = 6,
}
