using System.Globalization;
using EnergySettlement.Sqlite;
using EnergySettlement.Storage.Contracts.Crashes;

// The test host never calls this: it runs when a crash test starts this assembly as a child process,
// `dotnet EnergySettlement.Sqlite.Tests.dll crash-child <journal path> <generation>`, and kills it with SIGKILL.
if (args is ["crash-child", var path, var generation])
{
    var journal = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = path });
    await CrashWorkload.RunAsync(journal, int.Parse(generation, CultureInfo.InvariantCulture), Console.Out, TimeSpan.FromMinutes(2));
    return 0;
}

Console.Error.WriteLine("usage: crash-child <journal path> <generation>");
return 2;
