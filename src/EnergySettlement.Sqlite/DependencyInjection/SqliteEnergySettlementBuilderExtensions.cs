using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Sqlite;
using EnergySettlement.Trading;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite journal with <see cref="EnergySettlementBuilder"/>.</summary>
public static class SqliteEnergySettlementBuilderExtensions
{
    /// <summary>
    /// Keeps every durable store in one SQLite file: registers a singleton <see cref="SqliteJournal"/> and makes it the
    /// <see cref="ISettlementJournal"/>, <see cref="ISequencedTransactionStore"/>, <see cref="ICoinReservationStore"/> and <see cref="IOrderJournal"/>
    /// (replacing any registered before). Its <see cref="SqliteJournalOptions"/> are validated at start-up
    /// (<c>ValidateOnStart</c>) and again when the journal is first resolved, every error at once.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The database file; its directory must exist.</param>
    /// <param name="configure">Changes further options (group-commit size, queue capacity, busy timeout).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The file is opened on first use; call <see cref="SqliteJournal.MigrateAsync"/> at start-up to open it
    /// (and create or migrate its schema) before the first write. The container disposes the journal, which finishes
    /// its queued writes.</remarks>
    public static EnergySettlementBuilder UseSqliteJournal(this EnergySettlementBuilder builder, string path, Action<SqliteJournalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(path);
        var services = builder.Services;
        services.AddOptions<SqliteJournalOptions>()
            .Configure(o =>
            {
                o.Path = path;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteJournalOptions>, SqliteJournalOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteJournal(
            sp.GetRequiredService<IOptions<SqliteJournalOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.Replace(ServiceDescriptor.Singleton<ISettlementJournal>(sp => sp.GetRequiredService<SqliteJournal>()));
        services.Replace(ServiceDescriptor.Singleton<ISequencedTransactionStore>(sp => sp.GetRequiredService<SqliteJournal>()));
        services.Replace(ServiceDescriptor.Singleton<ICoinReservationStore>(sp => sp.GetRequiredService<SqliteJournal>()));
        services.Replace(ServiceDescriptor.Singleton<IOrderJournal>(sp => sp.GetRequiredService<SqliteJournal>()));
        return builder;
    }
}
