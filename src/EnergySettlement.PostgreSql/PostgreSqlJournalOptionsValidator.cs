using Microsoft.Extensions.Options;

namespace EnergySettlement.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlJournalOptions"/> at start-up, reporting every problem at once.</summary>
internal sealed class PostgreSqlJournalOptionsValidator : IValidateOptions<PostgreSqlJournalOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlJournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => "PostgreSQL journal: " + e));
    }
}
