using Microsoft.Extensions.Options;

namespace EnergySettlement.Sqlite;

/// <summary>Validates <see cref="SqliteJournalOptions"/> at start-up, reporting every problem at once.</summary>
internal sealed class SqliteJournalOptionsValidator : IValidateOptions<SqliteJournalOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteJournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => "SQLite journal: " + e));
    }
}
