namespace EnergySettlement.Sqlite;

/// <summary>Options of a <see cref="SqliteJournal"/>, validated when the journal is created (every error reported at once).</summary>
/// <remarks>Set before the journal is created; the journal copies what it needs. Not thread-safe.</remarks>
public sealed class SqliteJournalOptions
{
    /// <summary>Gets or sets the database file. Its directory must exist; the file is created on first use.</summary>
    /// <value>The default is empty, which is invalid: a path must be given.</value>
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the most writes one commit (one fsync) carries. Concurrent writers' records are coalesced
    /// into one transaction up to this many writes; a bulk write (for example thousands of order-journal entries) counts
    /// as one.</summary>
    /// <value>The default is 1,024. Allowed: 1 to 100,000.</value>
    public int MaxWritesPerCommit { get; set; } = 1024;

    /// <summary>Gets or sets how many writes may wait for the writer. When the queue is full, writers wait for room
    /// (back-pressure) instead of growing memory without bound.</summary>
    /// <value>The default is 16,384. Allowed: 1 to 1,000,000.</value>
    public int WriteQueueCapacity { get; set; } = 16_384;

    /// <summary>Gets or sets how long a statement waits for another process that holds the database's write lock
    /// before it fails with <c>SQLITE_BUSY</c>.</summary>
    /// <value>The default is 30 seconds. Allowed: 1 second to 1 hour.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lists every problem with these options (empty when valid).</summary>
    /// <returns>The problems, each naming the option.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("Path must name the journal's database file, for example '/var/lib/energy-settlement/journal.db'.");
        }
        else if (Path.Trim() == ":memory:" || Path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Path '{Path}' must be a plain file path: in-memory databases and URI file names are not durable.");
        }
        else
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (directory is null || !Directory.Exists(directory))
            {
                errors.Add($"Path '{Path}': the directory '{directory}' does not exist; create it first (the journal creates only the file).");
            }

            if (Directory.Exists(Path))
            {
                errors.Add($"Path '{Path}' is a directory; it must name a file.");
            }
        }

        if (MaxWritesPerCommit is < 1 or > 100_000)
        {
            errors.Add($"MaxWritesPerCommit must be 1 to 100,000; found {MaxWritesPerCommit}.");
        }

        if (WriteQueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"WriteQueueCapacity must be 1 to 1,000,000; found {WriteQueueCapacity}.");
        }

        if (BusyTimeout < TimeSpan.FromSeconds(1) || BusyTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"BusyTimeout must be 1 second to 1 hour; found {BusyTimeout}.");
        }

        return errors;
    }
}
