namespace EnergySettlement.Cli.Demo;

/// <summary>What a demo home has behind its meter.</summary>
internal enum HomeKind
{
    /// <summary>Rooftop solar: sells its midday surplus, buys in the morning and evening.</summary>
    Solar,

    /// <summary>Rooftop solar and a home battery: stores part of the midday surplus and sells it in the evening peak.</summary>
    SolarBattery,

    /// <summary>No generation (heat pump, EV charger, plain household): buys.</summary>
    Consumer,
}
