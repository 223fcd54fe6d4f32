import Logging
import PostgresNIO

extension PostgresCollectorStorage {
    /// One named migration: its statements run in order, in the transaction that records its name.
    struct Migration: Sendable {
        var name: String
        var statements: [String]
    }

    /// Named, append-only migrations. Never edit one that has shipped: add a new one.
    ///
    /// The schema is the SQLite one (``SQLiteCollectorStorage/migrator``) as it stands after its v3,
    /// with two differences for several collector instances on one database: every pull cursor
    /// (rating revision, unrated-service and device-event cursors, conflict ids) is taken from a
    /// counter row in `pull_counters` (see ``CounterName``), and a set-aside record is kept once per
    /// hash of its JSON, because a 16 KiB device event is larger than a btree index entry may be.
    static let migrations: [Migration] = [
        Migration(name: "v1: devices, ratings, amendments, unrated services, device events, conflicts, stores, pull counters", statements: [
            """
            CREATE TABLE devices (
                id TEXT PRIMARY KEY,
                secret_hex TEXT NOT NULL,
                added_at BIGINT NOT NULL,              -- ms since 1970, collector clock
                retired BOOLEAN NOT NULL DEFAULT false,
                last_upload_at BIGINT,                 -- ms since 1970, collector clock
                last_queue_depth BIGINT,
                last_sent_at TEXT                      -- the device's clocks as JSON (wire form)
            )
            """,
            """
            CREATE TABLE pull_counters (
                name TEXT PRIMARY KEY,
                last BIGINT NOT NULL
            )
            """,
            """
            INSERT INTO pull_counters (name, last)
            VALUES ('revision', 0), ('unrated_service', 0), ('device_event', 0), ('conflict', 0)
            """,
            """
            CREATE TABLE ratings (
                revision BIGINT NOT NULL UNIQUE,       -- the pull cursor, moved up when an amendment arrives
                device_id TEXT NOT NULL,
                store_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                rating_id TEXT NOT NULL UNIQUE,
                score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
                flags TEXT NOT NULL DEFAULT '',
                site TEXT NOT NULL,
                counter TEXT NOT NULL,
                wall_ms BIGINT NOT NULL,
                boot_id TEXT NOT NULL,
                mono_ns BIGINT NOT NULL,
                clock_synced BOOLEAN NOT NULL,
                received_at BIGINT NOT NULL,
                ticket TEXT,
                staff TEXT,
                window_wall_ms BIGINT,
                window_boot_id TEXT,
                window_mono_ns BIGINT,
                window_clock_synced BOOLEAN,
                PRIMARY KEY (device_id, store_id, seq)
            )
            """,
            """
            CREATE TABLE amendments (
                device_id TEXT NOT NULL,
                store_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                rating_seq BIGINT NOT NULL,
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                wall_ms BIGINT NOT NULL,
                boot_id TEXT NOT NULL,
                mono_ns BIGINT NOT NULL,
                clock_synced BOOLEAN NOT NULL,
                received_at BIGINT NOT NULL,
                PRIMARY KEY (device_id, store_id, seq)
            )
            """,
            "CREATE INDEX amendments_rating ON amendments (device_id, store_id, rating_seq)",
            """
            CREATE TABLE unrated_services (
                cursor BIGINT NOT NULL UNIQUE,
                device_id TEXT NOT NULL,
                store_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                ticket TEXT,
                staff TEXT,
                opened_wall_ms BIGINT NOT NULL,
                opened_boot_id TEXT NOT NULL,
                opened_mono_ns BIGINT NOT NULL,
                opened_clock_synced BOOLEAN NOT NULL,
                closed_wall_ms BIGINT NOT NULL,
                closed_boot_id TEXT NOT NULL,
                closed_mono_ns BIGINT NOT NULL,
                closed_clock_synced BOOLEAN NOT NULL,
                received_at BIGINT NOT NULL,
                PRIMARY KEY (device_id, store_id, seq)
            )
            """,
            """
            CREATE TABLE device_events (
                cursor BIGINT NOT NULL UNIQUE,
                device_id TEXT NOT NULL,
                store_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                kind TEXT NOT NULL,
                detail TEXT NOT NULL,                  -- a JSON object, compact, keys sorted
                wall_ms BIGINT NOT NULL,
                boot_id TEXT NOT NULL,
                mono_ns BIGINT NOT NULL,
                clock_synced BOOLEAN NOT NULL,
                received_at BIGINT NOT NULL,
                PRIMARY KEY (device_id, store_id, seq)
            )
            """,
            """
            CREATE TABLE conflicts (
                id BIGINT PRIMARY KEY,
                device_id TEXT NOT NULL,
                store_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                rating_id TEXT NOT NULL,
                received_json TEXT NOT NULL,
                reason TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                kind TEXT NOT NULL DEFAULT 'rating'
            )
            """,
            // A replayed batch sets the same record aside only once (md5: see above).
            "CREATE UNIQUE INDEX conflicts_once ON conflicts (device_id, store_id, seq, md5(received_json))",
            """
            CREATE TABLE stores (
                device_id TEXT NOT NULL,
                store_id TEXT NOT NULL,
                acked_through BIGINT NOT NULL DEFAULT 0,
                amendments_acked_through BIGINT NOT NULL DEFAULT 0,
                unrated_services_acked_through BIGINT NOT NULL DEFAULT 0,
                device_events_acked_through BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (device_id, store_id)
            )
            """,
        ]),
        Migration(name: "v2: true timestamps", statements: [
            // The collector's reconstruction of when a rating happened (DESIGN.md, "true timestamps"),
            // beside the device's raw wall_ms/boot_id/mono_ns/clock_synced, which are never changed.
            "ALTER TABLE ratings ADD COLUMN corrected_ms BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE ratings ADD COLUMN time_quality TEXT NOT NULL DEFAULT 'bounded'",
            """
            UPDATE ratings SET corrected_ms = CASE WHEN clock_synced THEN wall_ms ELSE received_at END,
                               time_quality = CASE WHEN clock_synced THEN 'synced' ELSE 'bounded' END
            """,
            "CREATE INDEX ratings_corrected ON ratings (corrected_ms)",
            // Only unsynchronised ratings are ever corrected again.
            "CREATE INDEX ratings_unsynced_boot ON ratings (device_id, boot_id) WHERE NOT clock_synced",
            // Per boot of a device, the earliest synchronised reading (exact) and the earliest
            // receipt of a batch sent from it (not exact): see BatchTimeAnchors.
            """
            CREATE TABLE time_anchors (
                device_id TEXT NOT NULL,
                boot_id TEXT NOT NULL,
                exact BOOLEAN NOT NULL,
                mono_ns BIGINT NOT NULL,
                wall_ms BIGINT NOT NULL,
                PRIMARY KEY (device_id, boot_id, exact)
            )
            """,
        ]),
        Migration(name: "alerts: alerts and their webhook outbox", statements: alertsSchema),
    ]

    /// Applies the migrations not yet recorded in `migrations`, all in one transaction
    /// (PostgreSQL's DDL is transactional: a failed start leaves the schema as it was).
    ///
    /// An advisory lock makes collector instances that start together take turns, so each
    /// migration runs once.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.perform("SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger)
            try await connection.perform("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                                       logger: logger)
            for migration in migrations {
                let applied = try await connection.query("SELECT 1 FROM migrations WHERE name = \(migration.name)", logger: logger).collect()
                guard applied.isEmpty else { continue }
                for statement in migration.statements {
                    try await connection.perform(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.perform("INSERT INTO migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    /// The advisory lock key of migrations (any constant the collector alone uses).
    static let migrationLockKey: Int64 = 0x7261_7469_6e67 // "rating"
}
