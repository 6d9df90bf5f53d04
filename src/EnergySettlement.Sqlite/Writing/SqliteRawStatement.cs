using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EnergySettlement.Sqlite.Writing;

/// <summary>
/// A statement of the writer's connection prepared once and run through SQLite's own API: values bound by index
/// (no look-up of parameter names, no parameter objects, no boxing), for the rows a bulk write repeats thousands of
/// times. It runs inside whatever transaction the connection has open, and is reset after every run, so it never holds
/// the connection's locks between runs.
/// </summary>
/// <remarks>Used only by the writer thread. Errors are <see cref="SqliteException"/>s with SQLite's codes, as
/// Microsoft.Data.Sqlite raises them, so the writer tells a refused write from a failing disk the same way.</remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The write connection is not open.");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    public void Bind(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement to its end and resets it; returns how many rows it changed.</summary>
    public int Execute()
    {
        var result = raw.sqlite3_step(_statement);
        while (result == raw.SQLITE_ROW)
        {
            result = raw.sqlite3_step(_statement);
        }

        // Reset even when the step failed: the statement must not keep the connection busy.
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            throw Error(result);
        }

        return raw.sqlite3_changes(_database);
    }

    /// <summary>Runs the statement and resets it; returns the first column of its first row as an integer, or null when
    /// it returned no row.</summary>
    public long? ExecuteInt64()
    {
        var result = raw.sqlite3_step(_statement);
        long? value = result == raw.SQLITE_ROW ? raw.sqlite3_column_int64(_statement, 0) : null;
        while (result == raw.SQLITE_ROW)
        {
            result = raw.sqlite3_step(_statement);
        }

        raw.sqlite3_reset(_statement);
        return result == raw.SQLITE_DONE ? value : throw Error(result);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw Error(result);
        }
    }

    private SqliteException Error(int result) =>
        new(raw.sqlite3_errmsg(_database).utf8_to_string(), result, raw.sqlite3_extended_errcode(_database));
}
