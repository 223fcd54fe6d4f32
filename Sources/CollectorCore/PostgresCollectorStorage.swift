import Logging
import PostgresNIO
import RatingCore
import RatingWire

/// ``CollectorStorage`` in a PostgreSQL database, through PostgresNIO's pooled client.
///
/// Same semantics as ``SQLiteCollectorStorage``; built for several collector instances on one
/// database: every ingest is one transaction in which the database's unique keys decide what is
/// stored (`INSERT … ON CONFLICT DO NOTHING`, then compare with what is held), and pull cursors
/// come from counter rows (see ``CounterName``). The client's connection pool works only while
/// ``run()`` runs (``StorageLocation/withStorage(busyTimeout:logger:_:)`` does that).
public final class PostgresCollectorStorage: CollectorStorage {
    /// Where the database is.
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// How long a write waits for a row or key held by another transaction (its `lock_timeout`).
    let busyTimeoutMillis: Int64
    /// How long a call waits for a pooled connection before failing as unavailable.
    let connectWait: Duration

    /// Connects once to check the database and apply pending migrations, then prepares the pool.
    ///
    /// The check uses its own connection, not the pool: the pool retries a refused connection
    /// for a minute before failing a request, and a collector that cannot reach its database
    /// at start-up should say so at once.
    ///
    /// - Parameters:
    ///   - busyTimeout: how long a write waits for a row or key another transaction holds (then busy, 503).
    ///   - connectWait: how long a call waits for a connection while the database cannot be reached (then unavailable, 503).
    public static func open(_ location: PostgresLocation, busyTimeout: Duration = .seconds(5), connectWait: Duration = .seconds(10),
                            logger: Logger = Logger(label: "rating-collector.postgres"))
        async throws(CollectorStorageError) -> PostgresCollectorStorage {
        let logger = Self.withoutRowTrace(logger)
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            do {
                try await migrate(connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            throw .cannotOpen(location: location.description, detail: Self.detail(of: error))
        }
        return PostgresCollectorStorage(location: location, busyTimeout: busyTimeout, connectWait: connectWait, logger: logger)
    }

    private init(location: PostgresLocation, busyTimeout: Duration, connectWait: Duration, logger: Logger) {
        self.location = location
        self.connectWait = connectWait
        let (seconds, attoseconds) = busyTimeout.components
        busyTimeoutMillis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let logger = Self.withoutRowTrace(logger)
        self.logger = logger
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: location.password, database: location.database, tls: .disable)
        configuration.options.maximumConnections = 10
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the connection pool until the calling task is cancelled; queries work only meanwhile.
    /// Call it once per storage (or use ``whileRunning(_:)``).
    public func run() async {
        await client.run()
    }

    /// Runs `body` while the connection pool runs, then stops the pool.
    public func whileRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    public func device(id: String) async throws -> DeviceCredentials? {
        let found = try await reading("device lookup") { connection in
            try await connection.query("SELECT secret_hex, retired FROM devices WHERE id = \(id)", logger: self.logger)
                .collect().first.map { try $0.decode((String, Bool).self) }
        }
        guard let found else { return nil }
        guard let secret = DeviceSecret(hex: found.0) else {
            throw CollectorStorageError.failed(operation: "device lookup", detail: "the stored secret of device \(id) is not 64 hex digits")
        }
        return DeviceCredentials(id: id, secret: secret, retired: found.1)
    }

    public func addDevice(id: String, secret: DeviceSecret, addedAtMillis: Int64) async throws {
        try await writing("add device") { connection in
            let inserted = try await connection.query("""
                INSERT INTO devices (id, secret_hex, added_at) VALUES (\(id), \(secret.hex), \(addedAtMillis))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: self.logger).collect()
            if inserted.isEmpty { throw CollectorStorageError.deviceExists(id) }
        }
    }

    public func rotateDeviceSecret(id: String, secret: DeviceSecret) async throws {
        try await writing("rotate device secret") { connection in
            let updated = try await connection.query("UPDATE devices SET secret_hex = \(secret.hex), retired = false WHERE id = \(id) RETURNING id",
                                                     logger: self.logger).collect()
            if updated.isEmpty { throw CollectorStorageError.unknownDevice(id) }
        }
    }

    public func retireDevice(id: String) async throws {
        try await writing("retire device") { connection in
            let updated = try await connection.query("UPDATE devices SET retired = true WHERE id = \(id) RETURNING id", logger: self.logger).collect()
            if updated.isEmpty { throw CollectorStorageError.unknownDevice(id) }
        }
    }

    public func storedCounts(deviceID: String, storeID: String) async throws -> StoredCounts {
        try await reading("count stored records") { connection in
            func count(_ kind: RecordKind) async throws -> Int {
                let rows = try await connection.query("""
                    SELECT count(*) FROM \(unescaped: kind.table) WHERE device_id = \(deviceID) AND store_id = \(storeID)
                    """, logger: self.logger).collect()
                return Int(try rows.first?.decode(Int64.self) ?? 0)
            }
            return StoredCounts(ratings: try await count(.rating), amendments: try await count(.amendment),
                                unratedServices: try await count(.unratedService), deviceEvents: try await count(.deviceEvent))
        }
    }

    public func checkHealth() async throws {
        _ = try await reading("health check") { connection in
            try await connection.query("SELECT count(*) FROM devices", logger: self.logger).collect()
        }
    }
}
