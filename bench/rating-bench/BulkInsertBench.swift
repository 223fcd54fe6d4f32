import CollectorCore
import Foundation
import GRDB
import RatingWire

/// The database's own bulk-insert rate of the same rows the ingest bench uploads, into the
/// collector's own `ratings` table (same columns and indexes): one transaction with a prepared
/// INSERT on SQLite, `COPY FROM` (psql's `\copy`) on PostgreSQL. No HTTP, no checks, no dedupe.
enum BulkInsertBench {
    /// Seconds to insert every rating of `terminals` × `batches` × `size` into a fresh database.
    static func run(_ database: StorageLocation, terminals: Int, batches: Int, size: Int, folder: String) async throws -> Double {
        try await database.withStorage(logger: IngestBench.quietLogger) { _ in } // creates the schema
        switch database {
        case .sqlite(let path):
            let queue = try DatabaseQueue(path: path)
            let start = ContinuousClock.now
            try await queue.write { db in
                let insert = try db.makeStatement(sql: """
                    INSERT INTO ratings (device_id, store_id, seq, rating_id, score, flags, site, counter, wall_ms, boot_id, mono_ns,
                                         clock_synced, received_at, revision, corrected_ms, time_quality)
                    VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, 1, 0, ?, ?, 'synced')
                    """)
                var revision: Int64 = 0
                for row in rows(terminals: terminals, batches: batches, size: size) {
                    revision += 1
                    try insert.execute(arguments: [row.device, row.store, row.rating.seq, row.rating.id, row.rating.score, row.rating.site,
                                                   row.rating.counter, row.rating.time.wallMillis, row.rating.time.bootID,
                                                   Int64(row.rating.time.monotonicNanos), revision, row.rating.time.wallMillis])
                }
            }
            return Double(nanoseconds(ContinuousClock.now - start)) / 1e9
        case .postgres(let location):
            let csv = folder + "/bulk.csv"
            var text = ""
            var revision = 0
            for row in rows(terminals: terminals, batches: batches, size: size) {
                revision += 1
                let rating = row.rating
                text += "\(row.device),\(row.store),\(rating.seq),\(rating.id),\(rating.score),,\(rating.site),\(rating.counter),"
                    + "\(rating.time.wallMillis),\(rating.time.bootID),\(rating.time.monotonicNanos),true,0,\(revision),\(rating.time.wallMillis),synced\n"
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
            let columns = "device_id, store_id, seq, rating_id, score, flags, site, counter, wall_ms, boot_id, mono_ns, clock_synced, received_at, revision, corrected_ms, time_quality"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", location.host, "-p", String(location.port),
                                 "-U", location.user, "-d", location.database, "-c", "\\copy ratings (\(columns)) from '\(csv)' with (format csv)"]
            let start = ContinuousClock.now
            try process.run()
            // Blocking is fine here: the bench runs nothing else meanwhile, and the wait is what is measured.
            process.waitUntilExit()
            let seconds = Double(nanoseconds(ContinuousClock.now - start)) / 1e9
            guard process.terminationStatus == 0 else { throw BenchError("psql \\copy failed with status \(process.terminationStatus)") }
            return seconds
        }
    }

    static func rows(terminals: Int, batches: Int, size: Int) -> [(device: String, store: String, rating: WireRating)] {
        (0..<terminals).flatMap { terminal in
            (0..<batches).flatMap { batch in
                IngestBench.ratings(terminal: terminal, batch: batch, size: size).map {
                    (IngestBench.terminalID(terminal), IngestBench.storeID(terminal), $0)
                }
            }
        }
    }
}
