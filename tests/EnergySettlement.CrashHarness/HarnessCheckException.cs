namespace EnergySettlement.CrashHarness;

/// <summary>An invariant of the crash harness did not hold.</summary>
internal sealed class HarnessCheckException(string message) : Exception(message);
