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
        return migrator
    }
}
