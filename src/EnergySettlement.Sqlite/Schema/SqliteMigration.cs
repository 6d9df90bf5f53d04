namespace EnergySettlement.Sqlite.Schema;

/// <summary>One numbered schema step. Its SQL is idempotent (<c>IF NOT EXISTS</c>), so a step interrupted by a crash
/// can run again; it is recorded in <c>schema_migration</c> in the same transaction that applies it.</summary>
/// <param name="Version">The step's number, 1, 2, 3, … in the order they apply.</param>
/// <param name="Description">What the step adds, recorded beside its number.</param>
/// <param name="Sql">The statements.</param>
internal sealed record SqliteMigration(int Version, string Description, string Sql);
