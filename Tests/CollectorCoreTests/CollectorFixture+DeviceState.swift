import CollectorCore
import GRDB
import PostgresNIO

/// What the collector recorded of the fixture device's last upload, read straight from the database.
struct DeviceUploadState: Sendable {
    var lastUploadAt: Int64?
    var queueDepth: Int64?
    var sentAtJSON: String?
}

extension CollectorFixture {
    /// The `devices` row's upload columns of ``deviceID`` (not part of ``CollectorStorage``), `nil` if no row.
    func deviceUploadState() async throws -> DeviceUploadState? {
        switch backend {
        case .sqlite:
            let reader = try DatabaseQueue(path: databasePath)
            defer { try? reader.close() }
            return try await reader.read { db in
                try Row.fetchOne(db, sql: "SELECT last_upload_at, last_queue_depth, last_sent_at FROM devices WHERE id = ?",
                                 arguments: [Self.deviceID]).map {
                    DeviceUploadState(lastUploadAt: $0["last_upload_at"], queueDepth: $0["last_queue_depth"], sentAtJSON: $0["last_sent_at"])
                }
            }
        case .postgres:
            guard let location = postgres else { return nil }
            let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                                 password: nil, database: location.database, tls: .disable)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 2, logger: quietLogger)
            let rows = try await connection.query("SELECT last_upload_at, last_queue_depth, last_sent_at FROM devices WHERE id = \(Self.deviceID)",
                                                  logger: quietLogger).collect()
            try await connection.close()
            return try rows.first.map {
                let (uploadAt, depth, sentAt) = try $0.decode((Int64?, Int64?, String?).self)
                return DeviceUploadState(lastUploadAt: uploadAt, queueDepth: depth, sentAtJSON: sentAt)
            }
        }
    }
}
