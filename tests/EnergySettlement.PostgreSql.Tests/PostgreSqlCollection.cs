namespace EnergySettlement.PostgreSql.Tests;

/// <summary>The collection every PostgreSQL test class joins, so one cluster serves the assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlClusterFixture>
{
    public const string Name = "PostgreSQL";
}
