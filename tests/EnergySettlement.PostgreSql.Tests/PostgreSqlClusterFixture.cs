using System.Globalization;
using EnergySettlement.Storage.Contracts.PostgreSql;
using Npgsql;

namespace EnergySettlement.PostgreSql.Tests;

/// <summary>One throwaway PostgreSQL cluster for the whole test assembly (every test class joins the
/// <see cref="PostgreSqlCollection"/>); each test works in a schema of its own, dropped when it ends.</summary>
public sealed class PostgreSqlClusterFixture : IAsyncLifetime
{
    private int _schemas;

    public PostgreSqlTestCluster Cluster { get; private set; } = null!;

    public string ConnectionString => Cluster.ConnectionString;

    public async Task InitializeAsync() => Cluster = await PostgreSqlTestCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    /// <summary>A fresh schema name for one test.</summary>
    public string NewSchema() => string.Create(CultureInfo.InvariantCulture, $"t{Interlocked.Increment(ref _schemas)}_{Guid.NewGuid():N}")[..30];

    /// <summary>Options for a journal in <paramref name="schema"/>.</summary>
    public PostgreSqlJournalOptions Options(string schema) => new() { ConnectionString = ConnectionString, Schema = schema };

    /// <summary>Opens a journal in <paramref name="schema"/>.</summary>
    public Task<PostgreSqlJournal> OpenAsync(string schema) => PostgreSqlJournal.OpenAsync(Options(schema));

    /// <summary>Drops a test's schema and everything in it.</summary>
    public async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL as the superuser, outside any journal.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
