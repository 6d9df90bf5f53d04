using Npgsql;

namespace EnergySettlement.PostgreSql.Writing;

/// <summary>
/// What a write sees while it runs: the group's connection and transaction, and helpers that run statements with
/// positional parameters (<c>$1</c>, <c>$2</c>, …). Statements that change data go through <see cref="ExecuteAsync"/>,
/// <see cref="WriteScalarAsync"/> or <see cref="BeginCopyAsync"/>, which mark the write as having written, so the writer
/// knows whether a refusal left the transaction clean.
/// </summary>
/// <remarks>Used by one write at a time.</remarks>
internal sealed class PostgreSqlWriteContext(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    /// <summary>Gets or sets whether the running write has changed data.</summary>
    public bool HasWritten { get; set; }

    /// <summary>Creates a command in the group's transaction with positional parameters (<see langword="null"/> is SQL NULL).</summary>
    public NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, Connection, Transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>Runs a statement that changes data; returns the rows it affected.</summary>
    public async Task<int> ExecuteAsync(string sql, params object?[] values)
    {
        HasWritten = true;
        await using var command = Command(sql, values);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a statement that changes data and returns one value (<c>… RETURNING x</c>).</summary>
    public async Task<object?> WriteScalarAsync(string sql, params object?[] values)
    {
        HasWritten = true;
        await using var command = Command(sql, values);
        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a query and returns its first value.</summary>
    public async Task<object?> ScalarAsync(string sql, params object?[] values)
    {
        await using var command = Command(sql, values);
        return await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a query; the caller disposes the reader.</summary>
    public Task<NpgsqlDataReader> QueryAsync(string sql, params object?[] values) => Command(sql, values).ExecuteReaderAsync();

    /// <summary>Starts a binary <c>COPY … FROM STDIN</c>: the fastest way to write many rows.</summary>
    public async Task<NpgsqlBinaryImporter> BeginCopyAsync(string copySql)
    {
        HasWritten = true;
        return await Connection.BeginBinaryImportAsync(copySql).ConfigureAwait(false);
    }
}
