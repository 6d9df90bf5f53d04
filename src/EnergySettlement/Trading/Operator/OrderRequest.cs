using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// A participant's new bid or offer, as handed to <see cref="MarketOperator.SubmitAsync(OrderRequest, CancellationToken)"/>.
/// The market operator gives it its <see cref="OrderId"/> and submission time and turns it into an <see cref="Order"/>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record OrderRequest
{
    /// <summary>Gets who places the order; must be registered (<see cref="IParticipantRegistry"/>).</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the delivery period; its book must be open.</summary>
    public required DeliveryPeriod Period { get; init; }

    /// <summary>Gets whether the participant buys or sells.</summary>
    public required Side Side { get; init; }

    /// <summary>Gets the order type. A call-auction market takes limit orders only.</summary>
    /// <value>The default is <see cref="OrderType.Limit"/> (good till gate closure).</value>
    public OrderType Type { get; init; } = OrderType.Limit;

    /// <summary>Gets the limit price, on the market's tick grid and within its price band; required except for <see cref="OrderType.Market"/> orders, which must not carry one.</summary>
    public Price? LimitPrice { get; init; }

    /// <summary>Gets the energy wanted or offered; positive and within the participant's limits.</summary>
    public required Energy Quantity { get; init; }

    /// <summary>
    /// Gets what the order is, as host-defined flags (for example bit 0 renewable origin, bit 1 community member), within
    /// <see cref="OrderAttributes.AllFlags"/> (12 bits). Counterparties' <see cref="RequiredFlags"/> are checked against them.
    /// </summary>
    /// <value>The default is 0: no flags.</value>
    public int AttributeFlags { get; init; }

    /// <summary>
    /// Gets the flags a counterparty must carry for the order to trade with it (a bid for renewable energy only requires
    /// the renewable bit), within <see cref="OrderAttributes.AllFlags"/>. Only continuous markets take requirements.
    /// </summary>
    /// <value>The default is 0: any counterparty.</value>
    public int RequiredFlags { get; init; }
}
