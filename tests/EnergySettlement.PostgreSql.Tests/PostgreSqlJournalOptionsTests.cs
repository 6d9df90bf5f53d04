using Microsoft.Extensions.Options;

namespace EnergySettlement.PostgreSql.Tests;

public sealed class PostgreSqlJournalOptionsTests
{
    [Fact]
    public void Validate_Defaults_NeedAConnectionString() =>
        Assert.Contains("ConnectionString", Assert.Single(new PostgreSqlJournalOptions().Validate()), StringComparison.Ordinal);

    [Fact]
    public void Constructor_EveryOptionWrong_ReportsEveryErrorAtOnce()
    {
        var options = new PostgreSqlJournalOptions { ConnectionString = "", Schema = "Bad-Name", MaxWritesPerCommit = 0, WriteQueueCapacity = 0, MaxCommitRetries = -1 };
        var error = Assert.Throws<OptionsValidationException>(() => new PostgreSqlJournal(options));
        Assert.Equal(5, error.Failures.Count());
    }

    [Theory]
    [InlineData("energy_settlement")]
    [InlineData("_x")]
    [InlineData("market_2026")]
    public void Validate_GoodSchemaNames_AreAccepted(string schema) =>
        Assert.Empty(new PostgreSqlJournalOptions { ConnectionString = "Host=localhost", Schema = schema }.Validate());

    [Theory]
    [InlineData("")]
    [InlineData("2fast")]
    [InlineData("Upper")]
    [InlineData("semi;colon")]
    [InlineData("quote\"d")]
    [InlineData("a_name_that_is_far_too_long_for_postgresql_identifiers_to_hold_x")]
    public void Validate_BadSchemaNames_AreRefused(string schema) =>
        Assert.Contains("Schema", Assert.Single(new PostgreSqlJournalOptions { ConnectionString = "Host=localhost", Schema = schema }.Validate()), StringComparison.Ordinal);

    [Fact]
    public void Validate_MalformedConnectionString_IsRefused() =>
        Assert.Contains("not a valid", Assert.Single(new PostgreSqlJournalOptions { ConnectionString = "Host=localhost;NoSuchKeyword=1" }.Validate()), StringComparison.Ordinal);

    [Fact]
    public void Validate_DataSourceInsteadOfConnectionString_IsAccepted()
    {
        using var dataSource = Npgsql.NpgsqlDataSource.Create("Host=localhost");
        Assert.Empty(new PostgreSqlJournalOptions { DataSource = dataSource }.Validate());
    }
}
