using Npgsql;

namespace EnergySettlement.PostgreSql;

/// <summary>Options of a <see cref="PostgreSqlJournal"/>, validated when the journal is created (every error reported at once).</summary>
/// <remarks>Set before the journal is created; the journal copies what it needs. Not thread-safe.</remarks>
public sealed class PostgreSqlJournalOptions
{
    /// <summary>Gets or sets the Npgsql connection string (host, port, database, user, password or other authentication).
    /// The journal builds its own data source from it, with automatic statement preparation on (<c>Max Auto Prepare=64</c>)
    /// unless the string sets it.</summary>
    /// <value>The default is empty, which is invalid unless <see cref="DataSource"/> is set.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets a data source of the host's to use instead of <see cref="ConnectionString"/> (for example one
    /// built with the host's authentication or logging). The host keeps owning it: the journal does not dispose it.</summary>
    /// <value>The default is <see langword="null"/>: the journal builds a data source from <see cref="ConnectionString"/>.</value>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>Gets or sets the PostgreSQL schema that holds the journal's tables; created on first use. Several journals
    /// (for example a test and a production market) may share a database in different schemas.</summary>
    /// <value>The default is <c>energy_settlement</c>. Allowed: 1 to 63 characters of <c>[a-z0-9_]</c>, starting with a letter or <c>_</c>.</value>
    public string Schema { get; set; } = "energy_settlement";

    /// <summary>Gets or sets the most writes one commit carries. Concurrent writers' records are coalesced into one
    /// transaction up to this many writes; a bulk write (thousands of trades, for example) counts as one.</summary>
    /// <value>The default is 512. Allowed: 1 to 100,000.</value>
    public int MaxWritesPerCommit { get; set; } = 512;

    /// <summary>Gets or sets how many writes may wait for the writer; when the queue is full, writers wait for room.</summary>
    /// <value>The default is 16,384. Allowed: 1 to 1,000,000.</value>
    public int WriteQueueCapacity { get; set; } = 16_384;

    /// <summary>Gets or sets how often a commit that lost a race with another host (a unique key taken meanwhile, a
    /// deadlock, a serialization failure) is run again, re-checking every write, before its writers get the error.</summary>
    /// <value>The default is 8. Allowed: 0 to 100.</value>
    public int MaxCommitRetries { get; set; } = 8;

    /// <summary>Lists every problem with these options (empty when valid).</summary>
    /// <returns>The problems, each naming the option.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DataSource is null)
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                errors.Add("ConnectionString (or DataSource) must be set, for example 'Host=db.example;Database=energy;Username=settlement;Password=…'.");
            }
            else
            {
                try
                {
                    _ = new NpgsqlConnectionStringBuilder(ConnectionString);
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"ConnectionString is not a valid Npgsql connection string: {ex.Message}");
                }
            }
        }

        if (!IsIdentifier(Schema))
        {
            errors.Add($"Schema must be 1 to 63 characters of [a-z0-9_] starting with a letter or '_'; found '{Schema}'.");
        }

        if (MaxWritesPerCommit is < 1 or > 100_000)
        {
            errors.Add($"MaxWritesPerCommit must be 1 to 100,000; found {MaxWritesPerCommit}.");
        }

        if (WriteQueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"WriteQueueCapacity must be 1 to 1,000,000; found {WriteQueueCapacity}.");
        }

        if (MaxCommitRetries is < 0 or > 100)
        {
            errors.Add($"MaxCommitRetries must be 0 to 100; found {MaxCommitRetries}.");
        }

        return errors;
    }

    private static bool IsIdentifier(string? text) =>
        text is { Length: >= 1 and <= 63 }
        && (char.IsAsciiLetterLower(text[0]) || text[0] == '_')
        && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
