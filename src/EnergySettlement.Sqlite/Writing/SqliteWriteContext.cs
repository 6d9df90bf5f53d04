using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Writing;

/// <summary>
/// What a write sees while it runs on the writer thread: the one write connection, the group's transaction, and
/// prepared statements kept for the connection's lifetime (each SQL text is compiled once).
/// </summary>
/// <remarks>Used only by the writer thread.</remarks>
internal sealed class SqliteWriteContext : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteRawStatement> _rawStatements = new(StringComparer.Ordinal);

    public SqliteWriteContext(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public SqliteTransaction? Transaction { get; set; }

    /// <summary>Gets the prepared statement for <paramref name="sql"/>, bound to the group's transaction; its parameters
    /// are <paramref name="parameterNames"/> in order, set by position before each execution.</summary>
    public SqliteCommand Statement(string sql, params string[] parameterNames)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _statements.Add(sql, command);
        }

        command.Transaction = Transaction;
        return command;
    }

    /// <summary>Gets the <see cref="SqliteRawStatement"/> for <paramref name="sql"/>, prepared on first use: for rows a
    /// bulk write repeats, bound by index.</summary>
    public SqliteRawStatement RawStatement(string sql)
    {
        if (!_rawStatements.TryGetValue(sql, out var statement))
        {
            statement = new SqliteRawStatement(Connection, sql);
            _rawStatements.Add(sql, statement);
        }

        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _rawStatements.Values)
        {
            statement.Dispose();
        }

        _rawStatements.Clear();
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
    }
}
