using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Schema;

/// <summary>One numbered schema step. Its SQL is idempotent (<c>IF NOT EXISTS</c>), so a step interrupted by a crash
/// can run again; it is recorded in <c>schema_migration</c> in the same transaction that applies it.</summary>
/// <param name="Version">The step's number, 1, 2, 3, … in the order they apply.</param>
/// <param name="Description">What the step adds, recorded beside its number.</param>
/// <param name="Sql">The statements.</param>
/// <param name="Backfill">Runs after <paramref name="Sql"/> in the same transaction, for data a statement cannot derive
/// (keys kept inside encoded records); idempotent as the SQL is.</param>
internal sealed record SqliteMigration(int Version, string Description, string Sql, Action<SqliteConnection, SqliteTransaction>? Backfill = null);
