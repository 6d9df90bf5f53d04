using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.Settlement;
using Npgsql;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.PostgreSql.Tests.Schema;

/// <summary>Step 6 moves a plan's participants from one row each (<c>plan_participant</c>) to one array per plan under a
/// GIN index (<c>plan_participants</c>) and stores plan content uncompressed; a journal written at step 5 keeps working.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSchemaStep6Tests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private readonly TemporarySchema _schema = new(cluster);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DeleteAsync();

    [Fact]
    public async Task MigrateAsync_JournalAtStep5WithAPlan_MovesItsParticipantsAndTheNewerJournalFindsThePlan()
    {
        var plan = Plan() with { Position = 1 };
        var participants = plan.Plan.Obligations.SelectMany(o => new[] { o.Payer.Value, o.Payee.Value }).Distinct(StringComparer.Ordinal).ToArray();
        await CreateAtStep5Async(plan, participants);

        await using var journal = await _schema.OpenAsync();
        ISettlementJournal settlement = journal;

        Assert.Equal(6, journal.Database.SchemaVersion);
        foreach (var participant in participants)
        {
            var found = Assert.Single(await settlement.GetPlansForParticipantAsync(new ParticipantId(participant), Period.Start.AddDays(-1), Period.Start.AddDays(1)));
            Assert.Equal(plan, found);
        }

        Assert.Empty(await settlement.GetPlansForParticipantAsync(new ParticipantId("nobody"), Period.Start.AddDays(-1), Period.Start.AddDays(1)));
        Assert.Empty(await cluster.QueryAsync($"SELECT 1 FROM pg_tables WHERE schemaname = '{_schema.Name}' AND tablename = 'plan_participant';"));
        var stored = await cluster.QueryAsync($"SELECT participants FROM \"{_schema.Name}\".plan_participants WHERE plan_position = 1;");
        Assert.Equal(participants.Order(StringComparer.Ordinal), (string[])Assert.Single(stored)[0]!);
        var storage = await cluster.QueryAsync(
            $"SELECT a.attstorage FROM pg_attribute a WHERE a.attrelid = '\"{_schema.Name}\".settlement_plan'::regclass AND a.attname = 'content';");
        Assert.Equal('e', (char)Assert.Single(storage)[0]!);
    }

    [Fact]
    public async Task AppendPlanAsync_AfterStep6_IsFoundByEachParticipantOnly()
    {
        await using var journal = await _schema.OpenAsync();
        ISettlementJournal settlement = journal;
        var plan = Plan();
        await settlement.AppendPlanAsync(plan);
        await settlement.AppendPlanAsync(Plan(Period.Next, held: false));

        var payer = plan.Plan.Obligations[0].Payer;
        var found = await settlement.GetPlansForParticipantAsync(payer, Period.Start, Period.Start.AddMinutes(1));
        Assert.Equal(plan.WindowId, Assert.Single(found).WindowId);
        Assert.Equal(2, (await settlement.GetPlansForParticipantAsync(payer, Period.Start, Period.Start.AddDays(1))).Count);
    }

    /// <summary>Builds the schema as the package's step 5 left it, with one plan recorded the step-5 way.</summary>
    private async Task CreateAtStep5Async(RecordedPlan plan, string[] participants)
    {
        var quoted = PostgreSqlSchema.Quote(_schema.Name);
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var sql = $"CREATE SCHEMA {quoted}; CREATE TABLE {quoted}.schema_migration (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL);";
        foreach (var step in PostgreSqlSchema.Steps.Where(s => s.Version <= 5))
        {
            sql += step.Sql.Replace("{schema}", quoted, StringComparison.Ordinal);
            sql += $"INSERT INTO {quoted}.schema_migration VALUES ({step.Version}, 'step {step.Version}', now());";
        }

        await Execute(sql);
        await Execute(
            $"INSERT INTO {quoted}.settlement_plan (position, window_id, market, window_start_ticks, planned_at_ticks, planned_at_offset, content) VALUES (1, $1, $2, $3, $4, $5, $6);",
            plan.WindowId.Value, plan.Market.Value, plan.Plan.Window.Start.UtcTicks, plan.PlannedAt.UtcTicks, (short)plan.PlannedAt.Offset.TotalMinutes, SettlementRecordCodec.EncodePlan(plan));
        await Execute($"INSERT INTO {quoted}.plan_participant (participant, plan_position) SELECT w, 1 FROM unnest($1::text[]) AS x(w);", (object)participants);
        await Execute($"UPDATE {quoted}.journal_counter SET last_position = 1;");
        await transaction.CommitAsync();

        async Task Execute(string text, params object[] values)
        {
            await using var command = new NpgsqlCommand(text, connection, transaction);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync();
        }
    }
}
