using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EnergySettlement.PostgreSql.Schema;

/// <summary>
/// The journal's schema and how it gets there: numbered, idempotent steps, each applied in its own transaction and
/// recorded in <c>schema_migration</c>, while a transaction-scoped advisory lock keeps hosts that start together from
/// applying a step twice. A schema that holds other tables, or one a newer package migrated, is refused rather than
/// touched.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>Every step, in order. Append new steps; never change a released one.</summary>
    public static IReadOnlyList<PostgreSqlMigration> Steps { get; } =
    [
        new(1, "nonces and signed transactions", """
            CREATE TABLE IF NOT EXISTS {schema}.sequenced_transaction (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- recording order
                account text NOT NULL,                               -- CAIP-10 account id
                transaction_id text NOT NULL,
                sequence bigint NOT NULL CHECK (sequence >= 0),
                raw bytea NOT NULL,                                  -- the signed bytes, re-sent unchanged
                batch_id text,
                signed_at_ticks bigint NOT NULL,                     -- UTC, 100 ns units since 0001-01-01
                signed_at_offset smallint NOT NULL,                  -- minutes east of UTC
                UNIQUE (account, transaction_id)
            );
            CREATE INDEX IF NOT EXISTS sequenced_transaction_by_sequence ON {schema}.sequenced_transaction (account, sequence, id);
            CREATE TABLE IF NOT EXISTS {schema}.sequence_completion (
                account text NOT NULL,
                sequence bigint NOT NULL CHECK (sequence >= 0),
                PRIMARY KEY (account, sequence)
            );
            """),
        new(2, "coin reservations", """
            CREATE TABLE IF NOT EXISTS {schema}.coin_reservation (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- reservation order: oldest first
                batch_id text NOT NULL UNIQUE,
                reserved_at_ticks bigint NOT NULL,
                reserved_at_offset smallint NOT NULL,
                is_spent boolean NOT NULL DEFAULT false
            );
            CREATE TABLE IF NOT EXISTS {schema}.reserved_coin (
                transaction_id text NOT NULL,
                output_index bigint NOT NULL CHECK (output_index >= 0),
                reservation_id bigint NOT NULL REFERENCES {schema}.coin_reservation (id),
                position integer NOT NULL,                           -- spending order within the reservation
                owner text NOT NULL,
                amount numeric(39, 0) NOT NULL,                      -- smallest units
                asset_id text NOT NULL,
                asset_decimals smallint NOT NULL,
                asset_symbol text NOT NULL,
                PRIMARY KEY (transaction_id, output_index)           -- one holder per coin, across every host
            );
            CREATE UNIQUE INDEX IF NOT EXISTS reserved_coin_by_reservation ON {schema}.reserved_coin (reservation_id, position);
            CREATE INDEX IF NOT EXISTS reserved_coin_by_owner ON {schema}.reserved_coin (owner, reservation_id);
            """),
        new(3, "order journal and snapshots", """
            CREATE TABLE IF NOT EXISTS {schema}.order_journal_entry (
                market text NOT NULL,
                sequence bigint NOT NULL CHECK (sequence >= 1),
                recorded_at_ticks bigint NOT NULL,
                recorded_at_offset smallint NOT NULL,
                payload bytea NOT NULL,
                PRIMARY KEY (market, sequence)
            );
            CREATE TABLE IF NOT EXISTS {schema}.order_journal_snapshot (
                market text NOT NULL,
                sequence bigint NOT NULL CHECK (sequence >= 0),
                taken_at_ticks bigint NOT NULL,
                taken_at_offset smallint NOT NULL,
                state bytea NOT NULL,
                PRIMARY KEY (market, sequence)
            );
            """),
        new(4, "settlement journal: meter readings, trades, batches and their transitions", """
            -- One counter row hands out journal positions. Its row lock is held until the appending transaction commits,
            -- so positions are taken in commit order across every host, and a reader following a position cursor never
            -- finds a smaller position committed later.
            CREATE TABLE IF NOT EXISTS {schema}.journal_counter (
                id smallint PRIMARY KEY CHECK (id = 1),
                last_position bigint NOT NULL
            );
            INSERT INTO {schema}.journal_counter (id, last_position) VALUES (1, 0) ON CONFLICT DO NOTHING;
            CREATE TABLE IF NOT EXISTS {schema}.meter_reading (
                position bigint PRIMARY KEY,
                meter text NOT NULL,
                period_start_ticks bigint NOT NULL,                  -- UTC
                period_length_ticks bigint NOT NULL,
                revision integer NOT NULL CHECK (revision >= 0),
                participant text NOT NULL,
                interval_start_ticks bigint NOT NULL,
                interval_start_offset smallint NOT NULL,
                interval_length_ticks bigint NOT NULL,
                imported_wh bigint NOT NULL,
                exported_wh bigint NOT NULL,
                import_register_wh bigint NOT NULL,
                export_register_wh bigint NOT NULL,
                signature bytea NOT NULL,
                recorded_at_ticks bigint NOT NULL,
                recorded_at_offset smallint NOT NULL,
                correction_reason text,
                UNIQUE (meter, period_start_ticks, revision)
            );
            CREATE INDEX IF NOT EXISTS meter_reading_by_period ON {schema}.meter_reading (period_start_ticks, meter COLLATE "C", revision);
            CREATE TABLE IF NOT EXISTS {schema}.trade (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- recording order
                trade_id text NOT NULL UNIQUE,
                market text NOT NULL,
                period_start_ticks bigint NOT NULL,
                period_length_ticks bigint NOT NULL,
                buyer text NOT NULL,
                seller text NOT NULL,
                buy_order bigint NOT NULL,
                sell_order bigint NOT NULL,
                price_amount numeric(39, 0) NOT NULL,                -- smallest units per kWh
                price_asset_id text NOT NULL,
                price_asset_decimals smallint NOT NULL,
                price_asset_symbol text NOT NULL,
                quantity_wh bigint NOT NULL,
                executed_at_ticks bigint NOT NULL,
                executed_at_offset smallint NOT NULL,
                buyer_zone text,
                seller_zone text,
                network_fee_amount numeric(39, 0),
                network_fee_asset_id text,
                network_fee_asset_decimals smallint,
                network_fee_asset_symbol text
            );
            CREATE INDEX IF NOT EXISTS trade_by_period ON {schema}.trade (market, period_start_ticks, period_length_ticks, id);
            CREATE TABLE IF NOT EXISTS {schema}.settlement_batch (
                position bigint PRIMARY KEY,                         -- journal position: batches go out oldest first
                batch_id text NOT NULL UNIQUE,
                payer text NOT NULL,
                asset_id text NOT NULL,
                asset_decimals smallint NOT NULL,
                asset_symbol text NOT NULL,
                planned_at_ticks bigint NOT NULL,
                planned_at_offset smallint NOT NULL,
                window_id text,                                      -- the settlement window that planned it, if any
                state text NOT NULL,                                 -- after the last transition, for queries
                last_changed_ticks bigint NOT NULL,                  -- UTC ticks of the last transition (or of planning)
                transition_count integer NOT NULL
            );
            CREATE INDEX IF NOT EXISTS settlement_batch_by_state ON {schema}.settlement_batch (state, last_changed_ticks);
            CREATE TABLE IF NOT EXISTS {schema}.batch_payout (
                batch_position bigint NOT NULL REFERENCES {schema}.settlement_batch (position),
                ordinal integer NOT NULL,
                payee text NOT NULL,
                amount numeric(39, 0) NOT NULL,                      -- smallest units of the batch's asset
                reference text,
                PRIMARY KEY (batch_position, ordinal)
            );
            CREATE TABLE IF NOT EXISTS {schema}.batch_transition (
                position bigint PRIMARY KEY,
                batch_position bigint NOT NULL REFERENCES {schema}.settlement_batch (position),
                sequence integer NOT NULL CHECK (sequence >= 1),
                kind text NOT NULL,
                state text NOT NULL,
                at_ticks bigint NOT NULL,
                at_offset smallint NOT NULL,
                attempt integer NOT NULL,
                transaction_id text,
                role text,
                accelerates text,
                chain_state text,
                confirmations integer NOT NULL,
                block_hash text,
                block_number bigint,
                replaced_by text,
                detail text,
                tx_batch_id text,                                    -- the signed transaction, on Prepared and Accelerated
                tx_chain_id text,
                tx_payer text,
                tx_id text,
                tx_raw bytea,
                tx_max_fee_amount numeric(39, 0),
                tx_max_fee_asset_id text,
                tx_max_fee_asset_decimals smallint,
                tx_max_fee_asset_symbol text,
                tx_sequence bigint,
                UNIQUE (batch_position, sequence)
            );
            """),
        new(5, "settlement plans: windows, obligations, carried amounts, held trades", """
            -- Plans, carried amounts and held trades are kept as SettlementRecordCodec bytes (canonical: the same content
            -- is the same bytes) beside the columns that find them. A plan's obligations, its bulk, live in its content;
            -- each obligation id is also a row of its own, so the database refuses to settle an obligation twice.
            CREATE TABLE IF NOT EXISTS {schema}.settlement_plan (
                position bigint PRIMARY KEY,                         -- journal position
                window_id text NOT NULL UNIQUE,
                market text NOT NULL,
                window_start_ticks bigint NOT NULL,                  -- UTC
                planned_at_ticks bigint NOT NULL,
                planned_at_offset smallint NOT NULL,
                content bytea NOT NULL
            );
            CREATE INDEX IF NOT EXISTS settlement_plan_by_market ON {schema}.settlement_plan (market, position);
            CREATE TABLE IF NOT EXISTS {schema}.plan_period (        -- every period a plan settled: its window's and those it reopened
                market text NOT NULL,
                period_start_ticks bigint NOT NULL,
                period_length_ticks bigint NOT NULL,
                plan_position bigint NOT NULL REFERENCES {schema}.settlement_plan (position),
                PRIMARY KEY (market, period_start_ticks, period_length_ticks, plan_position)
            );
            CREATE TABLE IF NOT EXISTS {schema}.plan_participant (   -- who pays or is paid in a plan
                participant text NOT NULL,
                plan_position bigint NOT NULL REFERENCES {schema}.settlement_plan (position),
                PRIMARY KEY (participant, plan_position)
            );
            CREATE TABLE IF NOT EXISTS {schema}.obligation (       -- every obligation id once: an obligation is settled by one plan
                obligation_id text PRIMARY KEY,
                plan_position bigint NOT NULL REFERENCES {schema}.settlement_plan (position)
            );
            CREATE TABLE IF NOT EXISTS {schema}.obligation_period ( -- the periods a plan's obligations are for (the obligations are in its content)
                market text NOT NULL,
                period_start_ticks bigint NOT NULL,
                period_length_ticks bigint NOT NULL,
                plan_position bigint NOT NULL REFERENCES {schema}.settlement_plan (position),
                PRIMARY KEY (market, period_start_ticks, period_length_ticks, plan_position)
            );
            CREATE TABLE IF NOT EXISTS {schema}.carried_amount (
                carried_id text NOT NULL UNIQUE,
                plan_position bigint NOT NULL REFERENCES {schema}.settlement_plan (position),
                ordinal integer NOT NULL,
                market text NOT NULL,
                consumed_by text,                                    -- the window that consumed it; NULL while open
                content bytea NOT NULL,                              -- as recorded (open)
                PRIMARY KEY (plan_position, ordinal)
            );
            CREATE INDEX IF NOT EXISTS carried_amount_open ON {schema}.carried_amount (market, plan_position, ordinal) WHERE consumed_by IS NULL;
            CREATE TABLE IF NOT EXISTS {schema}.held_trade (
                plan_position bigint NOT NULL REFERENCES {schema}.settlement_plan (position),
                trade_id text NOT NULL,
                market text NOT NULL,
                period_start_ticks bigint NOT NULL,
                period_length_ticks bigint NOT NULL,
                content bytea NOT NULL,
                PRIMARY KEY (plan_position, trade_id)
            );
            """),
        new(6, "settlement plans: participants as one array per plan with a GIN index, plan content stored uncompressed", """
            -- A plan names every participant of its obligations (10,000 and more): one B-tree row each cost as much as
            -- writing the obligations. One array per plan under a GIN index (its pending list takes a plan's entries in
            -- one append and merges them into the index in bulk) answers "the plans of participant X" just as well.
            CREATE TABLE IF NOT EXISTS {schema}.plan_participants (
                plan_position bigint PRIMARY KEY REFERENCES {schema}.settlement_plan (position),
                participants text[] NOT NULL                         -- every participant who pays or is paid in the plan
            );
            CREATE INDEX IF NOT EXISTS plan_participants_by_participant ON {schema}.plan_participants USING gin (participants);
            INSERT INTO {schema}.plan_participants (plan_position, participants)
            SELECT plan_position, array_agg(participant ORDER BY participant) FROM {schema}.plan_participant GROUP BY plan_position
            ON CONFLICT DO NOTHING;
            DROP TABLE {schema}.plan_participant;
            -- A plan's content is written once and read whole: compressing it (pglz) cost more than writing it.
            ALTER TABLE {schema}.settlement_plan ALTER COLUMN content SET STORAGE EXTERNAL;
            """),
    ];

    /// <summary>Gets the newest schema version this package knows.</summary>
    public static int LatestVersion => Steps[^1].Version;

    /// <summary>Brings the schema up to <see cref="LatestVersion"/>; returns the version it is at.</summary>
    /// <exception cref="EnergySettlementException">The schema holds another program's tables, or a newer package migrated it.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var quoted = Quote(schema);
        var version = 0;
        foreach (var step in Steps)
        {
            // READ COMMITTED is enough: the advisory lock makes hosts that migrate at once take turns, and each re-reads
            // the recorded version after it has the lock.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1);", cancellationToken, LockKey(schema)).ConfigureAwait(false);
            version = await PrepareAsync(connection, transaction, schema, quoted, cancellationToken).ConfigureAwait(false);
            if (version > LatestVersion)
            {
                throw new EnergySettlementException(
                    $"The journal in schema '{schema}' is at schema version {version}, newer than this package knows ({LatestVersion}); a newer EnergySettlement.PostgreSql migrated it. Upgrade the package on every host rather than risk misreading the journal.");
            }

            if (version < step.Version)
            {
                await ExecuteAsync(connection, transaction, step.Sql.Replace("{schema}", quoted, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, $"INSERT INTO {quoted}.schema_migration (version, description, applied_at) VALUES ($1, $2, $3);", cancellationToken, step.Version, step.Description, time.GetUtcNow()).ConfigureAwait(false);
                version = step.Version;
                Log.MigrationApplied(logger, step.Version, step.Description, schema);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return version;
    }

    /// <summary>Quotes the schema's name for SQL (it is validated to <c>[a-z0-9_]</c>, so quoting only guards keywords).</summary>
    public static string Quote(string schema) => "\"" + schema + "\"";

    /// <summary>Creates the schema and the migration table when missing; refuses a schema holding other tables; returns
    /// the recorded version.</summary>
    private static async Task<int> PrepareAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string quoted, CancellationToken cancellationToken)
    {
        var exists = (bool)(await ScalarAsync(connection, transaction, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1);", cancellationToken, schema).ConfigureAwait(false))!;
        if (!exists)
        {
            await ExecuteAsync(connection, transaction, $"CREATE SCHEMA {quoted};", cancellationToken).ConfigureAwait(false);
        }

        var hasMigrations = (bool)(await ScalarAsync(connection, transaction, "SELECT to_regclass($1) IS NOT NULL;", cancellationToken, quoted + ".schema_migration").ConfigureAwait(false))!;
        if (!hasMigrations)
        {
            var tables = (long)(await ScalarAsync(connection, transaction, "SELECT count(*) FROM pg_tables WHERE schemaname = $1;", cancellationToken, schema).ConfigureAwait(false))!;
            if (tables > 0)
            {
                throw new EnergySettlementException(
                    $"The schema '{schema}' holds {tables} table(s) but is not an EnergySettlement journal; give the journal a schema of its own (PostgreSqlJournalOptions.Schema).");
            }

            await ExecuteAsync(connection, transaction, $"""
                CREATE TABLE {quoted}.schema_migration (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at timestamptz NOT NULL              -- from the host's TimeProvider
                );
                """, cancellationToken).ConfigureAwait(false);
        }

        return (int)(await ScalarAsync(connection, transaction, $"SELECT coalesce(max(version), 0) FROM {quoted}.schema_migration;", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>A stable 64-bit key for the schema's advisory lock (FNV-1a of its name; the same on every host).</summary>
    private static long LockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("EnergySettlement.PostgreSql:" + schema))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
