namespace EnergySettlement.PostgreSql.Schema;

/// <summary>One numbered schema step. Its SQL is idempotent (<c>IF NOT EXISTS</c>) and names the journal's schema as
/// <c>{schema}</c>; it is recorded in <c>schema_migration</c> in the same transaction that applies it.</summary>
/// <param name="Version">The step's number, 1, 2, 3, … in the order they apply.</param>
/// <param name="Description">What the step adds, recorded beside its number.</param>
/// <param name="Sql">The statements, with <c>{schema}</c> for the schema's quoted name.</param>
internal sealed record PostgreSqlMigration(int Version, string Description, string Sql);
