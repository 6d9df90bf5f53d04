using EnergySettlement.Coins;
using EnergySettlement.Storage.Contracts.Coins;

namespace EnergySettlement.Tests.Coins;

public sealed class InMemoryCoinReservationStoreTests : CoinReservationStoreContract
{
    protected override Task<ICoinReservationStore> OpenAsync() => Task.FromResult<ICoinReservationStore>(new InMemoryCoinReservationStore());
}
