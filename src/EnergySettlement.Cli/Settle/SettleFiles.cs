namespace EnergySettlement.Cli.Settle;

/// <summary>The files <c>energy-settle settle</c> works on.</summary>
/// <param name="Trades">The trades (CSV or JSON).</param>
/// <param name="Readings">The meter readings (CSV or JSON).</param>
/// <param name="Config">The settlement config (JSON).</param>
/// <param name="Journal">The SQLite settlement journal; created when it does not exist.</param>
internal sealed record SettleFiles(string Trades, string Readings, string Config, string Journal);
