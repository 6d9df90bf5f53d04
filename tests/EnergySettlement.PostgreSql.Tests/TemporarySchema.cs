namespace EnergySettlement.PostgreSql.Tests;

/// <summary>One test's schema on the shared cluster: journals opened on it, dropped with everything in it at the end.</summary>
internal sealed class TemporarySchema(PostgreSqlClusterFixture cluster)
{
    public string Name { get; } = cluster.NewSchema();

    public Task<PostgreSqlJournal> OpenAsync() => cluster.OpenAsync(Name);

    public Task DeleteAsync() => cluster.DropSchemaAsync(Name);
}
