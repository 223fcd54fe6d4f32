import GRDB

extension SQLiteCollectorStorage {
    /// Named, append-only migrations. Never edit one that has shipped: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: devices, ratings, conflicts, stores") { db in
            try db.execute(sql: """
                CREATE TABLE devices (
                    id TEXT PRIMARY KEY NOT NULL,
                    secret_hex TEXT NOT NULL,
                    added_at INTEGER NOT NULL,             -- ms since 1970, collector clock
                    retired INTEGER NOT NULL DEFAULT 0,
                    last_upload_at INTEGER,                -- ms since 1970, collector clock
                    last_queue_depth INTEGER,
                    last_sent_at TEXT                      -- the device's clocks as JSON (wire form)
                );
                -- cursor: AUTOINCREMENT, so a pull cursor is never reused.
                CREATE TABLE ratings (
                    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    rating_id TEXT NOT NULL UNIQUE,
                    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                    flags TEXT NOT NULL DEFAULT '',
                    site TEXT NOT NULL,
                    counter TEXT NOT NULL,
                    wall_ms INTEGER NOT NULL,
                    boot_id TEXT NOT NULL,
                    mono_ns INTEGER NOT NULL,
                    clock_synced INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (device_id, store_id, seq)
                );
                -- Records set aside: invalid, or a key that came again with different content.
                CREATE TABLE conflicts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    rating_id TEXT NOT NULL,
                    received_json TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    received_at INTEGER NOT NULL
                );
                -- A replayed batch sets the same record aside only once.
                CREATE UNIQUE INDEX conflicts_once ON conflicts (device_id, store_id, seq, received_json);
                CREATE TABLE stores (
                    device_id TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    acked_through INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (device_id, store_id)
                );
                """)
        }
        migrator.registerMigration("v2: window, ticket and staff of ratings; amendments; unrated services; pull revisions") { db in
            try db.execute(sql: """
                ALTER TABLE ratings ADD COLUMN ticket TEXT;
                ALTER TABLE ratings ADD COLUMN staff TEXT;
                ALTER TABLE ratings ADD COLUMN window_wall_ms INTEGER;
                ALTER TABLE ratings ADD COLUMN window_boot_id TEXT;
                ALTER TABLE ratings ADD COLUMN window_mono_ns INTEGER;
                ALTER TABLE ratings ADD COLUMN window_clock_synced INTEGER;
                -- The pull cursor: a new, higher revision whenever an amendment of the rating is stored,
                -- so a reader that follows the cursor sees reasons and flags that arrive later.
                ALTER TABLE ratings ADD COLUMN revision INTEGER;
                UPDATE ratings SET revision = cursor;
                CREATE UNIQUE INDEX ratings_revision ON ratings (revision);
                CREATE TABLE pull_revision (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
                INSERT INTO pull_revision (id, last) SELECT 1, COALESCE(MAX(cursor), 0) FROM ratings;
                -- Each kind of record has its own seq per store; set-aside records say which kind.
                ALTER TABLE conflicts ADD COLUMN kind TEXT NOT NULL DEFAULT 'rating';
                CREATE TABLE amendments (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    rating_seq INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    wall_ms INTEGER NOT NULL,
                    boot_id TEXT NOT NULL,
                    mono_ns INTEGER NOT NULL,
                    clock_synced INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (device_id, store_id, seq)
                );
                CREATE INDEX amendments_rating ON amendments (device_id, store_id, rating_seq);
                CREATE TABLE unrated_services (
                    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    ticket TEXT,
                    staff TEXT,
                    opened_wall_ms INTEGER NOT NULL,
                    opened_boot_id TEXT NOT NULL,
                    opened_mono_ns INTEGER NOT NULL,
                    opened_clock_synced INTEGER NOT NULL,
                    closed_wall_ms INTEGER NOT NULL,
                    closed_boot_id TEXT NOT NULL,
                    closed_mono_ns INTEGER NOT NULL,
                    closed_clock_synced INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (device_id, store_id, seq)
                );
                ALTER TABLE stores ADD COLUMN amendments_acked_through INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE stores ADD COLUMN unrated_services_acked_through INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v3: device events") { db in
            try db.execute(sql: """
                -- Reports devices make about themselves (self-tests); detail is a JSON object as text
                -- (compact, keys sorted, so the same detail sent again compares equal).
                CREATE TABLE device_events (
                    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    store_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    wall_ms INTEGER NOT NULL,
                    boot_id TEXT NOT NULL,
                    mono_ns INTEGER NOT NULL,
                    clock_synced INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (device_id, store_id, seq)
                );
                ALTER TABLE stores ADD COLUMN device_events_acked_through INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v4: true timestamps") { db in
            try db.execute(sql: """
                -- The collector's reconstruction of when a rating happened (DESIGN.md, "true timestamps"),
                -- beside the device's raw wall_ms/boot_id/mono_ns/clock_synced, which are never changed.
                ALTER TABLE ratings ADD COLUMN corrected_ms INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE ratings ADD COLUMN time_quality TEXT NOT NULL DEFAULT 'bounded';
                UPDATE ratings SET corrected_ms = CASE WHEN clock_synced THEN wall_ms ELSE received_at END,
                                   time_quality = CASE WHEN clock_synced THEN 'synced' ELSE 'bounded' END;
                CREATE INDEX ratings_corrected ON ratings (corrected_ms);
                -- Only unsynchronised ratings are ever corrected again.
                CREATE INDEX ratings_unsynced_boot ON ratings (device_id, boot_id) WHERE clock_synced = 0;
                -- Per boot of a device, the earliest synchronised reading (exact = 1) and the earliest
                -- receipt of a batch sent from it (exact = 0): see BatchTimeAnchors.
                CREATE TABLE time_anchors (
                    device_id TEXT NOT NULL,
                    boot_id TEXT NOT NULL,
                    exact INTEGER NOT NULL,
                    mono_ns INTEGER NOT NULL,
                    wall_ms INTEGER NOT NULL,
                    PRIMARY KEY (device_id, boot_id, exact)
                );
                """)
        }
        migrator.registerMigration("alerts: alerts and their webhook outbox") { db in
            try db.execute(sql: SQLiteCollectorStorage.alertsSchema)
        }
        return migrator
    }
}
