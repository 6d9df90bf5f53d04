namespace EnergySettlement.Sqlite.Tests;

/// <summary>A fresh folder for one test's journal file, deleted with everything in it (WAL and shared-memory files too).</summary>
internal sealed class TemporaryJournalFile
{
    public TemporaryJournalFile() => Directory = System.IO.Directory.CreateTempSubdirectory("es-sqlite-").FullName;

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "journal.db");

    public Task<SqliteJournal> OpenAsync() => SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = Path });

    public Task DeleteAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
