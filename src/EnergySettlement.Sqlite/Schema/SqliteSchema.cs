using System.Globalization;
using EnergySettlement.Sqlite.Settlement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Sqlite.Schema;

/// <summary>
/// The journal's schema and how it gets there: numbered, idempotent steps, each applied in its own transaction and
/// recorded in <c>schema_migration</c>. A host never runs SQL by hand. The file is stamped with an application id, so
/// the journal never writes into another program's database, and a database from a newer package is refused rather
/// than misread.
/// </summary>
internal static class SqliteSchema
{
    /// <summary><c>PRAGMA application_id</c> of a journal file: "ESJ1" in ASCII.</summary>
    public const int ApplicationId = 0x45534A31;

    /// <summary>Every step, in order. Append new steps; never change a released one.</summary>
    public static IReadOnlyList<SqliteMigration> Steps { get; } =
    [
        new(1, "nonces and signed transactions", """
            CREATE TABLE IF NOT EXISTS sequenced_transaction (
                id INTEGER PRIMARY KEY,                  -- recording order
                account TEXT NOT NULL,                   -- CAIP-10 account id
                transaction_id TEXT NOT NULL,
                sequence INTEGER NOT NULL CHECK (sequence >= 0),
                raw BLOB NOT NULL,                       -- the signed bytes, re-sent unchanged
                batch_id TEXT,
                signed_at_ticks INTEGER NOT NULL,        -- UTC, 100 ns units since 0001-01-01
                signed_at_offset INTEGER NOT NULL,       -- minutes east of UTC
                UNIQUE (account, transaction_id)
            ) STRICT;
            CREATE INDEX IF NOT EXISTS sequenced_transaction_by_sequence ON sequenced_transaction (account, sequence, id);
            CREATE TABLE IF NOT EXISTS sequence_completion (
                account TEXT NOT NULL,
                sequence INTEGER NOT NULL CHECK (sequence >= 0),
                PRIMARY KEY (account, sequence)
            ) WITHOUT ROWID, STRICT;
            """),
        new(2, "coin reservations", """
            CREATE TABLE IF NOT EXISTS coin_reservation (
                id INTEGER PRIMARY KEY,                  -- reservation order: oldest first
                batch_id TEXT NOT NULL UNIQUE,
                reserved_at_ticks INTEGER NOT NULL,
                reserved_at_offset INTEGER NOT NULL,
                is_spent INTEGER NOT NULL DEFAULT 0 CHECK (is_spent IN (0, 1))
            ) STRICT;
            CREATE TABLE IF NOT EXISTS reserved_coin (
                transaction_id TEXT NOT NULL,
                output_index INTEGER NOT NULL CHECK (output_index >= 0),
                reservation_id INTEGER NOT NULL REFERENCES coin_reservation (id),
                position INTEGER NOT NULL,               -- spending order within the reservation
                owner TEXT NOT NULL,                     -- CAIP-10 account id
                amount TEXT NOT NULL,                    -- smallest units, decimal integer text (up to 128 bits)
                asset_id TEXT NOT NULL,                  -- CAIP-19
                asset_decimals INTEGER NOT NULL,
                asset_symbol TEXT NOT NULL,
                PRIMARY KEY (transaction_id, output_index) -- one holder per coin: no double reservation, ever
            ) WITHOUT ROWID, STRICT;
            CREATE UNIQUE INDEX IF NOT EXISTS reserved_coin_by_reservation ON reserved_coin (reservation_id, position);
            CREATE INDEX IF NOT EXISTS reserved_coin_by_owner ON reserved_coin (owner, reservation_id);
            """),
        new(3, "order journal and snapshots", """
            CREATE TABLE IF NOT EXISTS order_journal_entry (
                market TEXT NOT NULL,
                sequence INTEGER NOT NULL CHECK (sequence >= 1),
                recorded_at_ticks INTEGER NOT NULL,
                recorded_at_offset INTEGER NOT NULL,
                payload BLOB NOT NULL,
                PRIMARY KEY (market, sequence)
            ) WITHOUT ROWID, STRICT;
            CREATE TABLE IF NOT EXISTS order_journal_snapshot (
                id INTEGER PRIMARY KEY,
                market TEXT NOT NULL,
                sequence INTEGER NOT NULL CHECK (sequence >= 0),
                taken_at_ticks INTEGER NOT NULL,
                taken_at_offset INTEGER NOT NULL,
                state BLOB NOT NULL,
                UNIQUE (market, sequence)
            ) STRICT;
            """),
        new(4, "settlement journal: meter readings, trades, batches and their transitions", """
            -- One counter hands out journal positions in commit order (readings, batches and transitions share it).
            CREATE TABLE IF NOT EXISTS journal_counter (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_position INTEGER NOT NULL
            ) STRICT;
            INSERT OR IGNORE INTO journal_counter (id, last_position) VALUES (1, 0);
            CREATE TABLE IF NOT EXISTS meter_reading (
                position INTEGER PRIMARY KEY,
                meter TEXT NOT NULL,
                period_start_ticks INTEGER NOT NULL,     -- UTC, 100 ns units since 0001-01-01
                period_length_ticks INTEGER NOT NULL,
                revision INTEGER NOT NULL CHECK (revision >= 0),
                participant TEXT NOT NULL,
                interval_start_ticks INTEGER NOT NULL,
                interval_start_offset INTEGER NOT NULL,
                interval_length_ticks INTEGER NOT NULL,
                imported_wh INTEGER NOT NULL,
                exported_wh INTEGER NOT NULL,
                import_register_wh INTEGER NOT NULL,
                export_register_wh INTEGER NOT NULL,
                signature BLOB NOT NULL,
                recorded_at_ticks INTEGER NOT NULL,
                recorded_at_offset INTEGER NOT NULL,
                correction_reason TEXT,
                UNIQUE (meter, period_start_ticks, revision)
            ) STRICT;
            CREATE INDEX IF NOT EXISTS meter_reading_by_period ON meter_reading (period_start_ticks, meter, revision);
            CREATE TABLE IF NOT EXISTS trade (
                id INTEGER PRIMARY KEY,                  -- recording order
                trade_id TEXT NOT NULL UNIQUE,
                market TEXT NOT NULL,
                period_start_ticks INTEGER NOT NULL,
                period_length_ticks INTEGER NOT NULL,
                buyer TEXT NOT NULL,
                seller TEXT NOT NULL,
                buy_order INTEGER NOT NULL,
                sell_order INTEGER NOT NULL,
                price_amount TEXT NOT NULL,              -- smallest units per kWh, decimal integer text
                price_asset_id TEXT NOT NULL,
                price_asset_decimals INTEGER NOT NULL,
                price_asset_symbol TEXT NOT NULL,
                quantity_wh INTEGER NOT NULL,
                executed_at_ticks INTEGER NOT NULL,
                executed_at_offset INTEGER NOT NULL,
                buyer_zone TEXT,
                seller_zone TEXT,
                network_fee_amount TEXT,
                network_fee_asset_id TEXT,
                network_fee_asset_decimals INTEGER,
                network_fee_asset_symbol TEXT
            ) STRICT;
            CREATE INDEX IF NOT EXISTS trade_by_period ON trade (market, period_start_ticks, period_length_ticks, id);
            CREATE TABLE IF NOT EXISTS settlement_batch (
                position INTEGER PRIMARY KEY,            -- journal position: batches go out oldest first
                batch_id TEXT NOT NULL UNIQUE,
                payer TEXT NOT NULL,
                asset_id TEXT NOT NULL,
                asset_decimals INTEGER NOT NULL,
                asset_symbol TEXT NOT NULL,
                planned_at_ticks INTEGER NOT NULL,
                planned_at_offset INTEGER NOT NULL,
                window_id TEXT,                          -- the settlement window that planned it, if any
                state TEXT NOT NULL,                     -- after the last transition, for queries (Planned, Prepared, …)
                last_changed_ticks INTEGER NOT NULL,     -- UTC ticks of the last transition (or of planning)
                transition_count INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX IF NOT EXISTS settlement_batch_by_state ON settlement_batch (state, last_changed_ticks);
            CREATE TABLE IF NOT EXISTS batch_payout (
                batch_position INTEGER NOT NULL REFERENCES settlement_batch (position),
                ordinal INTEGER NOT NULL,
                payee TEXT NOT NULL,
                amount TEXT NOT NULL,                    -- smallest units of the batch's asset
                reference TEXT,
                PRIMARY KEY (batch_position, ordinal)
            ) WITHOUT ROWID, STRICT;
            CREATE TABLE IF NOT EXISTS batch_transition (
                position INTEGER PRIMARY KEY,
                batch_position INTEGER NOT NULL REFERENCES settlement_batch (position),
                sequence INTEGER NOT NULL CHECK (sequence >= 1),
                kind TEXT NOT NULL,
                state TEXT NOT NULL,
                at_ticks INTEGER NOT NULL,
                at_offset INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                transaction_id TEXT,
                role TEXT,
                accelerates TEXT,
                chain_state TEXT,
                confirmations INTEGER NOT NULL,
                block_hash TEXT,
                block_number INTEGER,
                replaced_by TEXT,
                detail TEXT,
                tx_batch_id TEXT,                        -- the signed transaction, on Prepared and Accelerated
                tx_chain_id TEXT,
                tx_payer TEXT,
                tx_id TEXT,
                tx_raw BLOB,
                tx_max_fee_amount TEXT,
                tx_max_fee_asset_id TEXT,
                tx_max_fee_asset_decimals INTEGER,
                tx_max_fee_asset_symbol TEXT,
                tx_sequence INTEGER,
                UNIQUE (batch_position, sequence)
            ) STRICT;
            """),
        new(5, "settlement plans: windows, obligations, carried amounts, held trades", """
            -- Plans, carried amounts and held trades are kept as SettlementRecordCodec bytes (canonical: the same content
            -- is the same bytes) beside the columns that find them. A plan's obligations, its bulk, live in its content;
            -- each obligation id is also a row of its own, so the database refuses to settle an obligation twice.
            CREATE TABLE IF NOT EXISTS settlement_plan (
                position INTEGER PRIMARY KEY,            -- journal position
                window_id TEXT NOT NULL UNIQUE,
                market TEXT NOT NULL,
                window_start_ticks INTEGER NOT NULL,     -- UTC
                planned_at_ticks INTEGER NOT NULL,
                planned_at_offset INTEGER NOT NULL,
                content BLOB NOT NULL
            ) STRICT;
            CREATE INDEX IF NOT EXISTS settlement_plan_by_market ON settlement_plan (market, position);
            CREATE TABLE IF NOT EXISTS plan_period (     -- every period a plan settled: its window's and those it reopened
                market TEXT NOT NULL,
                period_start_ticks INTEGER NOT NULL,
                period_length_ticks INTEGER NOT NULL,
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position),
                PRIMARY KEY (market, period_start_ticks, period_length_ticks, plan_position)
            ) WITHOUT ROWID, STRICT;
            CREATE TABLE IF NOT EXISTS plan_participant ( -- who pays or is paid in a plan
                participant TEXT NOT NULL,
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position),
                PRIMARY KEY (participant, plan_position)
            ) WITHOUT ROWID, STRICT;
            CREATE TABLE IF NOT EXISTS obligation (    -- every obligation id once: an obligation is settled by one plan
                obligation_id TEXT PRIMARY KEY,
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position)
            ) WITHOUT ROWID, STRICT;
            CREATE TABLE IF NOT EXISTS obligation_period ( -- the periods a plan's obligations are for (the obligations are in its content)
                market TEXT NOT NULL,
                period_start_ticks INTEGER NOT NULL,
                period_length_ticks INTEGER NOT NULL,
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position),
                PRIMARY KEY (market, period_start_ticks, period_length_ticks, plan_position)
            ) WITHOUT ROWID, STRICT;
            CREATE TABLE IF NOT EXISTS carried_amount (
                carried_id TEXT NOT NULL UNIQUE,
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position),
                ordinal INTEGER NOT NULL,
                market TEXT NOT NULL,
                consumed_by TEXT,                        -- the window that consumed it; NULL while open
                content BLOB NOT NULL,                   -- as recorded (open)
                PRIMARY KEY (plan_position, ordinal)
            ) WITHOUT ROWID, STRICT;
            CREATE INDEX IF NOT EXISTS carried_amount_open ON carried_amount (market, consumed_by, plan_position, ordinal);
            CREATE TABLE IF NOT EXISTS held_trade (
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position),
                trade_id TEXT NOT NULL,
                market TEXT NOT NULL,
                period_start_ticks INTEGER NOT NULL,
                period_length_ticks INTEGER NOT NULL,
                content BLOB NOT NULL,
                PRIMARY KEY (plan_position, trade_id)
            ) WITHOUT ROWID, STRICT;
            """),
        new(6, "bulk writes in key order: trades as records keyed by trade id, obligation keys by period, participants by plan", """
            -- Step 5 keyed obligations by their random id and participants by name, so every plan's keys landed all over
            -- two ever-growing trees (one page written per key once they grew). These keys are written in order instead:
            -- an obligation's id is a hash over its content, its market and period included, so an id is unique exactly
            -- when it is unique within its market and period, and a plan's ids go side by side under its period.
            CREATE TABLE IF NOT EXISTS settled_obligation ( -- every obligation id once: an obligation is settled by one plan
                market TEXT NOT NULL,
                period_start_ticks INTEGER NOT NULL,
                period_length_ticks INTEGER NOT NULL,
                obligation_id TEXT NOT NULL,
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position),
                PRIMARY KEY (market, period_start_ticks, period_length_ticks, obligation_id)
            ) WITHOUT ROWID, STRICT;
            CREATE TABLE IF NOT EXISTS planned_participant ( -- who pays or is paid in a plan, appended plan by plan
                plan_position INTEGER NOT NULL REFERENCES settlement_plan (position),
                participant TEXT NOT NULL,
                PRIMARY KEY (plan_position, participant)
            ) WITHOUT ROWID, STRICT;
            CREATE INDEX IF NOT EXISTS settlement_plan_by_window_start ON settlement_plan (window_start_ticks, position);
            DROP TABLE IF EXISTS obligation;
            DROP TABLE IF EXISTS plan_participant;
            -- Trades as SettlementRecordCodec bytes beside the columns that find them, keyed by the trade id (which starts
            -- with the market and period, so a period's trades go side by side); step 4's trade table is moved here.
            CREATE TABLE IF NOT EXISTS recorded_trade (
                trade_id TEXT PRIMARY KEY,
                market TEXT NOT NULL,
                period_start_ticks INTEGER NOT NULL,     -- UTC
                period_length_ticks INTEGER NOT NULL,
                sequence INTEGER NOT NULL,               -- recording order, from trade_counter
                content BLOB NOT NULL
            ) WITHOUT ROWID, STRICT;
            CREATE INDEX IF NOT EXISTS recorded_trade_by_period ON recorded_trade (market, period_start_ticks, period_length_ticks, sequence);
            CREATE TABLE IF NOT EXISTS trade_counter (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_sequence INTEGER NOT NULL
            ) STRICT;
            INSERT OR IGNORE INTO trade_counter (id, last_sequence) VALUES (1, 0);
            """,
            static (connection, transaction) =>
            {
                SqlitePlanStore.BackfillKeys(connection, transaction);
                SqliteTradeStore.MoveStepFourTrades(connection, transaction);
            }),
    ];

    /// <summary>Gets the newest schema version this package knows.</summary>
    public static int LatestVersion => Steps[^1].Version;

    /// <summary>Brings the database up to <see cref="LatestVersion"/>; returns the version it is at.</summary>
    /// <exception cref="EnergySettlementException">The file belongs to another program, or a newer package wrote it.</exception>
    public static int Migrate(SqliteConnection connection, TimeProvider time, ILogger logger, string path)
    {
        CheckOwnership(connection, path);
        var version = 0;
        foreach (var step in Steps)
        {
            // Each step in its own IMMEDIATE transaction: a second process opening the same file waits for the write
            // lock, then sees the step recorded and skips it.
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, """
                CREATE TABLE IF NOT EXISTS schema_migration (
                    version INTEGER PRIMARY KEY,
                    description TEXT NOT NULL,
                    applied_at TEXT NOT NULL              -- ISO 8601, from the host's TimeProvider
                ) STRICT;
                """);
            version = CurrentVersion(connection, transaction);
            if (version > LatestVersion)
            {
                throw new EnergySettlementException(
                    $"The journal '{path}' is at schema version {version}, newer than this package knows ({LatestVersion}); a newer EnergySettlement.Sqlite wrote it. Upgrade the package rather than risk misreading the journal.");
            }

            if (version < step.Version)
            {
                Execute(connection, transaction, step.Sql);
                step.Backfill?.Invoke(connection, transaction);
                Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {ApplicationId};"));
                using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migration (version, description, applied_at) VALUES ($version, $description, $appliedAt);";
                record.Parameters.AddWithValue("$version", step.Version);
                record.Parameters.AddWithValue("$description", step.Description);
                record.Parameters.AddWithValue("$appliedAt", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
                transaction.Commit();
                version = step.Version;
                Log.MigrationApplied(logger, step.Version, step.Description, path);
            }
            else
            {
                transaction.Commit();
            }
        }

        return version;
    }

    /// <summary>Refuses a file that holds tables but is not stamped as a journal.</summary>
    private static void CheckOwnership(SqliteConnection connection, string path)
    {
        var applicationId = Convert.ToInt64(Scalar(connection, "PRAGMA application_id;"), CultureInfo.InvariantCulture);
        if (applicationId == ApplicationId)
        {
            return;
        }

        var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';"), CultureInfo.InvariantCulture);
        if (applicationId != 0 || tables != 0)
        {
            throw new EnergySettlementException(
                $"'{path}' is not an EnergySettlement journal (application id {applicationId}, {tables} table(s)); give the journal a file of its own.");
        }
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migration;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
