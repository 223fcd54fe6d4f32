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
        return migrator
    }
}
