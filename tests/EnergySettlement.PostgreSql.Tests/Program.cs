using System.Globalization;
using EnergySettlement.PostgreSql;
using EnergySettlement.Storage.Contracts.Crashes;

// The test host never calls this: it runs when a crash test starts this assembly as a child process,
// `dotnet EnergySettlement.PostgreSql.Tests.dll crash-child <connection string> <schema> <generation>`, and kills it.
if (args is ["crash-child", var connectionString, var schema, var generation])
{
    var journal = await PostgreSqlJournal.OpenAsync(new PostgreSqlJournalOptions { ConnectionString = connectionString, Schema = schema });
    await CrashWorkload.RunAsync(journal, int.Parse(generation, CultureInfo.InvariantCulture), Console.Out, TimeSpan.FromMinutes(2));
    return 0;
}

Console.Error.WriteLine("usage: crash-child <connection string> <schema> <generation>");
return 2;
