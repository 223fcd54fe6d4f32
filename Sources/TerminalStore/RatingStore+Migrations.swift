import GRDB

extension RatingStore {
    /// Named, append-only migrations. Never edit one that has shipped: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: store info, ratings outbox, upload state, set-aside") { db in
            try db.execute(sql: """
                CREATE TABLE store_info (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    store_id TEXT NOT NULL,
                    created_wall_ms INTEGER NOT NULL
                );
                -- AUTOINCREMENT: a seq is never reused, even after old rows are deleted.
                CREATE TABLE ratings (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    rating_id TEXT NOT NULL UNIQUE,
                    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                    flags TEXT NOT NULL DEFAULT '',
                    device_id TEXT NOT NULL,
                    site TEXT NOT NULL,
                    counter TEXT NOT NULL,
                    wall_ms INTEGER NOT NULL,
                    boot_id TEXT NOT NULL,
                    mono_ns INTEGER NOT NULL,
                    clock_synced INTEGER NOT NULL,
                    acked_wall_ms INTEGER
                );
                CREATE INDEX ratings_acked ON ratings (acked_wall_ms) WHERE acked_wall_ms IS NOT NULL;
                CREATE TABLE upload_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    acked_through INTEGER NOT NULL DEFAULT 0,
                    last_attempt_wall_ms INTEGER,
                    last_result TEXT,
                    last_http_status INTEGER,
                    last_success_wall_ms INTEGER
                );
                INSERT INTO upload_state (id) VALUES (1);
                -- Records the collector rejected: kept, visible, never retried.
                CREATE TABLE set_aside (
                    seq INTEGER PRIMARY KEY,
                    reason TEXT NOT NULL,
                    set_aside_wall_ms INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: ticket, staff and window of a rating; amendments and unrated services outboxes") { db in
            try db.execute(sql: """
                -- A rating's service window (counter mode); NULL when no window was open. Never updated after insert.
                ALTER TABLE ratings ADD COLUMN ticket TEXT;
                ALTER TABLE ratings ADD COLUMN staff TEXT;
                ALTER TABLE ratings ADD COLUMN window_wall_ms INTEGER;
                ALTER TABLE ratings ADD COLUMN window_boot_id TEXT;
                ALTER TABLE ratings ADD COLUMN window_mono_ns INTEGER;
                ALTER TABLE ratings ADD COLUMN window_clock_synced INTEGER;
                -- Later additions to a stored rating (a reason, a burst flag): the rating row is never rewritten.
                CREATE TABLE amendments (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    rating_seq INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('reason', 'flag')),
                    value TEXT NOT NULL,
                    wall_ms INTEGER NOT NULL,
                    boot_id TEXT NOT NULL,
                    mono_ns INTEGER NOT NULL,
                    clock_synced INTEGER NOT NULL,
                    acked_wall_ms INTEGER
                );
                CREATE INDEX amendments_acked ON amendments (acked_wall_ms) WHERE acked_wall_ms IS NOT NULL;
                -- Rating windows that closed without a counted press.
                CREATE TABLE unrated_services (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
                    acked_wall_ms INTEGER
                );
                CREATE INDEX unrated_services_acked ON unrated_services (acked_wall_ms) WHERE acked_wall_ms IS NOT NULL;
                ALTER TABLE upload_state ADD COLUMN amendments_acked_through INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE upload_state ADD COLUMN unrated_services_acked_through INTEGER NOT NULL DEFAULT 0;
                -- Amendments and unrated services the collector rejected (ratings keep using set_aside).
                CREATE TABLE set_aside_records (
                    kind TEXT NOT NULL CHECK (kind IN ('amendment', 'unrated_service')),
                    seq INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    set_aside_wall_ms INTEGER NOT NULL,
                    PRIMARY KEY (kind, seq)
                );
                """)
        }
        migrator.registerMigration("v3: device events outbox") { db in
            try db.execute(sql: """
                -- Reports the device makes about itself (a self-test): kind and detail (a JSON object) verbatim.
                CREATE TABLE device_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    wall_ms INTEGER NOT NULL,
                    boot_id TEXT NOT NULL,
                    mono_ns INTEGER NOT NULL,
                    clock_synced INTEGER NOT NULL,
                    acked_wall_ms INTEGER
                );
                CREATE INDEX device_events_acked ON device_events (acked_wall_ms) WHERE acked_wall_ms IS NOT NULL;
                -- The latest event of a kind (the self-test's status line).
                CREATE INDEX device_events_kind ON device_events (kind, seq);
                ALTER TABLE upload_state ADD COLUMN device_events_acked_through INTEGER NOT NULL DEFAULT 0;
                -- v2's CHECK on set_aside_records lists only its kinds, and SQLite cannot alter a CHECK:
                -- the table is copied into one that also takes device events.
                CREATE TABLE set_aside_records_v3 (
                    kind TEXT NOT NULL CHECK (kind IN ('amendment', 'unrated_service', 'device_event')),
                    seq INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    set_aside_wall_ms INTEGER NOT NULL,
                    PRIMARY KEY (kind, seq)
                );
                INSERT INTO set_aside_records_v3 (kind, seq, reason, set_aside_wall_ms)
                    SELECT kind, seq, reason, set_aside_wall_ms FROM set_aside_records;
                DROP TABLE set_aside_records;
                ALTER TABLE set_aside_records_v3 RENAME TO set_aside_records;
                """)
        }
        migrator.registerMigration("v4: salvage info") { db in
            try db.execute(sql: """
                -- Only in a salvage store (the readable rows of a damaged store, under its old id): where they
                -- came from and what could not be read. The row is written when the salvage is complete.
                CREATE TABLE salvage_info (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    damaged_path TEXT NOT NULL,
                    old_store_id_readable INTEGER NOT NULL,
                    records INTEGER NOT NULL,
                    unreadable INTEGER NOT NULL,
                    completed_wall_ms INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }
}
