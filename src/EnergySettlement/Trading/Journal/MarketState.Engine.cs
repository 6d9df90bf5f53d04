using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>The engine commands a journaled command stands for: one mapping for the live operator and replay alike.</summary>
internal sealed partial class MarketState
{
    /// <summary>The engine command of a journaled order entry, auction or gate closure (an OpenBook adds a book instead: <see cref="EngineOptionsOf"/>).</summary>
    public Command EngineCommandOf(MarketCommand command) => command.Kind switch
    {
        MarketCommandKind.Place => new Command(CommandKind.Place, command.BookId, command.OrderId, Mapping.Participants.IndexOf(command.Participant), command.Side,
            command.OrderType, command.PriceTick, command.Quantity, command.Timestamp, command.Attributes),
        MarketCommandKind.Cancel => Command.Cancel(command.BookId, command.OrderId, command.Timestamp),
        MarketCommandKind.Reduce => Command.Reduce(command.BookId, command.OrderId, command.Quantity, command.Timestamp),
        MarketCommandKind.Uncross => Command.Uncross(command.BookId, command.Timestamp),
        MarketCommandKind.CloseGate => Command.CloseGate(command.BookId, command.Timestamp),
        _ => throw new ArgumentException($"A {command.Kind} command has no engine command.", nameof(command)),
    };

    /// <summary>The options of the engine book an OpenBook command creates.</summary>
    public static OrderBookOptions EngineOptionsOf(MarketCommand openBook) => new BookState(openBook).ToEngineOptions();
}
