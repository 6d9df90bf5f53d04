using EnergySettlement.Coins;
using EnergySettlement.PostgreSql;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Trading;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL journal with <see cref="EnergySettlementBuilder"/>.</summary>
public static class PostgreSqlEnergySettlementBuilderExtensions
{
    /// <summary>
    /// Keeps every durable store in one PostgreSQL schema: registers a singleton <see cref="PostgreSqlJournal"/> and makes
    /// it the <see cref="ISettlementJournal"/>, <see cref="ISequencedTransactionStore"/>, <see cref="ICoinReservationStore"/>
    /// and <see cref="IOrderJournal"/> (replacing any registered before). Its <see cref="PostgreSqlJournalOptions"/> are
    /// validated at start-up (<c>ValidateOnStart</c>) and again when the journal is first resolved, every error at once.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Changes further options (schema, group-commit size, queue capacity, retries, a data source of the host's).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The schema is created or migrated on first use; call <see cref="PostgreSqlJournal.MigrateAsync"/> at
    /// start-up to do it (and to find connection or permission problems) before the first write. The container disposes
    /// the journal, which finishes its queued writes.</remarks>
    public static EnergySettlementBuilder UsePostgreSqlJournal(this EnergySettlementBuilder builder, string connectionString, Action<PostgreSqlJournalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        var services = builder.Services;
        services.AddOptions<PostgreSqlJournalOptions>()
            .Configure(o =>
            {
                o.ConnectionString = connectionString;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlJournalOptions>, PostgreSqlJournalOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PostgreSqlJournal(
            sp.GetRequiredService<IOptions<PostgreSqlJournalOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.Replace(ServiceDescriptor.Singleton<ISettlementJournal>(sp => sp.GetRequiredService<PostgreSqlJournal>()));
        services.Replace(ServiceDescriptor.Singleton<ISequencedTransactionStore>(sp => sp.GetRequiredService<PostgreSqlJournal>()));
        services.Replace(ServiceDescriptor.Singleton<ICoinReservationStore>(sp => sp.GetRequiredService<PostgreSqlJournal>()));
        services.Replace(ServiceDescriptor.Singleton<IOrderJournal>(sp => sp.GetRequiredService<PostgreSqlJournal>()));
        return builder;
    }
}
