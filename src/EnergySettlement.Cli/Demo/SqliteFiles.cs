namespace EnergySettlement.Cli.Demo;

/// <summary>Deletes a temporary SQLite database with its write-ahead log and shared-memory files.</summary>
internal static class SqliteFiles
{
    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A temporary file left behind is harmless; the run's result does not depend on it.
            }
        }
    }
}
