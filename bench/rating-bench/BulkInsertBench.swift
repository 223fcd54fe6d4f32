import Foundation
import GRDB
import Logging
import PostgresNIO
import RatingWire

/// The database's own insert rate for the rows of an ``IngestWorkload``: one transaction per
/// batch-sized chunk (the collector's commit granularity), one connection, into a table with the
/// rating columns and the same two unique keys, with nothing else (no HTTP, JSON, signature or
/// duplicate checks). The ceiling the collector's ingest is compared with.
enum BulkInsertBench {
    static let columns = "device_id, store_id, seq, rating_id, score, flags, site, counter, wall_ms, boot_id, mono_ns, clock_synced, received_at"

    /// SQLite in WAL mode with `synchronous=FULL`, as the collector opens it.
    static func sqlite(path: String, _ workload: IngestWorkload) throws -> Double {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE bulk_ratings (device_id TEXT NOT NULL, store_id TEXT NOT NULL, seq INTEGER NOT NULL,
                    rating_id TEXT NOT NULL UNIQUE, score INTEGER NOT NULL, flags TEXT NOT NULL, site TEXT NOT NULL,
                    counter TEXT NOT NULL, wall_ms INTEGER NOT NULL, boot_id TEXT NOT NULL, mono_ns INTEGER NOT NULL,
                    clock_synced INTEGER NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (device_id, store_id, seq))
                """)
        }
        let start = ContinuousClock.now
        for chunk in chunks(workload) {
            try queue.write { db in
                let statement = try db.cachedStatement(sql: "INSERT INTO bulk_ratings (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for (deviceID, rating) in chunk {
                    try statement.execute(arguments: [deviceID, "store-1", rating.seq, rating.id, rating.score, "", rating.site, rating.counter,
                                                      rating.time.wallMillis, rating.time.bootID, Int64(rating.time.monotonicNanos),
                                                      rating.time.synced, Int64(1_700_000_500_000)])
                }
            }
        }
        return Double(workload.ratings) / (ContinuousClock.now - start).secondsDouble
    }

    /// PostgreSQL: one multi-row `INSERT` per chunk, each in its own transaction.
    static func postgres(_ configuration: PostgresConnection.Configuration, _ workload: IngestWorkload, logger: Logger) async throws -> Double {
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query("""
                CREATE TABLE bulk_ratings (device_id TEXT NOT NULL, store_id TEXT NOT NULL, seq BIGINT NOT NULL,
                    rating_id TEXT NOT NULL UNIQUE, score BIGINT NOT NULL, flags TEXT NOT NULL, site TEXT NOT NULL,
                    counter TEXT NOT NULL, wall_ms BIGINT NOT NULL, boot_id TEXT NOT NULL, mono_ns BIGINT NOT NULL,
                    clock_synced BOOLEAN NOT NULL, received_at BIGINT NOT NULL, PRIMARY KEY (device_id, store_id, seq))
                """, logger: logger)
            let start = ContinuousClock.now
            for chunk in chunks(workload) {
                var bindings = PostgresBindings(capacity: chunk.count * 13)
                var tuples: [String] = []
                for (deviceID, rating) in chunk {
                    let first = bindings.count + 1
                    tuples.append("(" + (first..<first + 13).map { "$\($0)" }.joined(separator: ", ") + ")")
                    bindings.append(deviceID)
                    bindings.append("store-1")
                    bindings.append(rating.seq)
                    bindings.append(rating.id)
                    bindings.append(Int64(rating.score))
                    bindings.append("")
                    bindings.append(rating.site)
                    bindings.append(rating.counter)
                    bindings.append(rating.time.wallMillis)
                    bindings.append(rating.time.bootID)
                    bindings.append(Int64(rating.time.monotonicNanos))
                    bindings.append(rating.time.synced)
                    bindings.append(Int64(1_700_000_500_000))
                }
                let insert = PostgresQuery(unsafeSQL: "INSERT INTO bulk_ratings (\(columns)) VALUES " + tuples.joined(separator: ", "),
                                           binds: bindings)
                try await connection.query("BEGIN", logger: logger)
                try await connection.query(insert, logger: logger)
                try await connection.query("COMMIT", logger: logger)
            }
            let rate = Double(workload.ratings) / (ContinuousClock.now - start).secondsDouble
            try await connection.close()
            return rate
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func chunks(_ workload: IngestWorkload) -> [ArraySlice<(deviceID: String, rating: WireRating)>] {
        stride(from: 0, to: workload.rows.count, by: workload.size).map { workload.rows[$0..<min($0 + workload.size, workload.rows.count)] }
    }
}
