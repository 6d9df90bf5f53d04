namespace EnergySettlement.Cli.Input;

/// <summary>A value read from an input file, with the line it came from, so a later check can still name the line.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Line">The 1-based line of its record.</param>
internal sealed record Located<T>(T Value, long Line);
