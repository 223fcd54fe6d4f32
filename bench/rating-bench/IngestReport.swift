import CollectorCore
import Foundation
import Logging
import PostgresNIO

/// `rating-bench ingest`: the collector's ingest on SQLite, on PostgreSQL with one and with two
/// instances, each beside the database's own insert rate of the same rows; prints the table.
enum IngestReport {
    static func run(folder: String, postgresPort: Int?, terminals: Int, batches: Int, size: Int, clients: Int) async throws -> String {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        var lines = [
            "Ingest: \(terminals) terminals × \(batches) batches of \(size) ratings (gzip, signed), \(clients) concurrent libcurl clients.",
            "",
            "| database | collector instances | ratings | seconds | ratings/s | batch p50 ms | batch p99 ms | database's own insert, ratings/s |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        func row(_ database: String, _ instances: Int, _ result: IngestBench.Result, _ bulk: Double) -> String {
            let stats = LatencyStats(nanoseconds: result.latencies)
            return "| \(database) | \(instances) | \(result.ratings) | \(format(result.seconds, decimals: 2)) | "
                + "\(Int(result.ratingsPerSecond.rounded())) | \(format(stats.medianMillis, decimals: 1)) | "
                + "\(format(stats.p99Millis, decimals: 1)) | \(Int(bulk.rounded())) |"
        }

        let workload = try IngestWorkload(terminals: terminals, batches: batches, size: size)
        let sqlite = try SQLiteCollectorStorage(path: folder + "/ingest.sqlite")
        let sqliteResult = try await IngestBench.run(workload, storages: [sqlite], clients: clients)
        let sqliteBulk = try BulkInsertBench.sqlite(path: folder + "/bulk.sqlite", workload)
        lines.append(row("SQLite", 1, sqliteResult, sqliteBulk))

        guard let postgresPort else {
            lines.append("| PostgreSQL | – | not measured: pass --postgres-port (bench/run.sh starts a server) | | | | | |")
            return lines.joined(separator: "\n")
        }
        let admin = PostgresConnection.Configuration(host: "127.0.0.1", port: postgresPort, username: "postgres", password: nil,
                                                     database: "postgres", tls: .disable)
        for instances in [1, 2] {
            let name = "bench_ingest_\(instances)"
            let bulkName = "bench_bulk_\(instances)"
            try await createDatabases([name, bulkName], admin, logger: logger)
            let location = PostgresLocation(host: "127.0.0.1", port: postgresPort, user: "postgres", database: name)
            var storages: [PostgresCollectorStorage] = []
            for _ in 0..<instances { storages.append(try await PostgresCollectorStorage.open(location, logger: logger)) }
            let pools = storages.map { storage in Task { await storage.run() } }
            defer { pools.forEach { $0.cancel() } }
            // A fresh workload: the secrets and ids differ, the shape is the same.
            let fresh = try IngestWorkload(terminals: terminals, batches: batches, size: size)
            let result = try await IngestBench.run(fresh, storages: storages, clients: clients)
            var bulkConfiguration = admin
            bulkConfiguration.database = bulkName
            let bulk = try await BulkInsertBench.postgres(bulkConfiguration, fresh, logger: logger)
            lines.append(row("PostgreSQL", instances, result, bulk))
        }
        return lines.joined(separator: "\n")
    }

    private static func createDatabases(_ names: [String], _ admin: PostgresConnection.Configuration, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(configuration: admin, id: 2, logger: logger)
        do {
            for name in names {
                try await connection.query("DROP DATABASE IF EXISTS \(unescaped: name)", logger: logger)
                try await connection.query("CREATE DATABASE \(unescaped: name)", logger: logger)
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
