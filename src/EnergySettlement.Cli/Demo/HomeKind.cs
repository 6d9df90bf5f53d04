namespace EnergySettlement.Cli.Demo;

/// <summary>What a home in the demo neighbourhood has behind its meter.</summary>
internal enum HomeKind
{
    /// <summary>Rooftop solar: sells its surplus around midday.</summary>
    Solar,

    /// <summary>A heat pump or an EV charger: buys.</summary>
    Consumer,

    /// <summary>A home battery: buys cheap early, sells later.</summary>
    Battery,
}
