import PostgresNIO

extension PostgresCollectorStorage {
    public func dashboardCounts(_ query: DashboardQuery) async throws -> DashboardCounts {
        let sql = DashboardSQL.postgres(query)
        let logger = self.logger
        return try await reading("read dashboard counts") { connection in
            // One snapshot for all the counts, as SQLite's read transaction gives.
            try await connection.perform("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let counts = try await Self.dashboardCounts(sql, connection, logger: logger)
                try await connection.perform("COMMIT", logger: logger)
                return counts
            } catch {
                try? await connection.perform("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private static func dashboardCounts(_ sql: DashboardSQL, _ connection: PostgresConnection, logger: Logger) async throws -> DashboardCounts {
        func rows(_ statement: DashboardSQL.Statement) async throws -> [PostgresRow] {
            var binds = PostgresBindings()
            for argument in statement.arguments {
                switch argument {
                case .integer(let value): binds.append(value)
                case .text(let value): binds.append(value)
                }
            }
            return try await connection.query(PostgresQuery(unsafeSQL: statement.sql, binds: binds), logger: logger).collect()
        }
        var counts = DashboardCounts()
        counts.counters = try await rows(sql.counters).map {
            let (site, counter, score, count, windowed) = try $0.decode((String, String, Int64, Int64, Int64).self)
            return CounterScoreCount(site: site, counter: counter, score: Int(score), count: Int(count), windowed: Int(windowed))
        }
        counts.hours = try await rows(sql.hours).map {
            let (day, hour, score, count) = try $0.decode((Int64, Int64, Int64, Int64).self)
            return HourScoreCount(day: day, hour: Int(hour), score: Int(score), count: Int(count))
        }
        counts.reasons = try await rows(sql.reasons).map {
            let (site, counter, reason, count) = try $0.decode((String, String, String, Int64).self)
            return ReasonCount(site: site, counter: counter, reason: reason, count: Int(count))
        }
        counts.flagged = Int(try await rows(sql.flagged).first?.decode(Int64.self) ?? 0)
        counts.unratedServices = try await rows(sql.unratedServices).map {
            let (device, count) = try $0.decode((String, Int64).self)
            return DeviceCount(deviceID: device, count: Int(count))
        }
        counts.devices = try await rows(sql.devices).map {
            let (id, retired, upload, depth, sentAt, site, counter) = try $0.decode((String, Bool, Int64?, Int64?, String?, String?, String?).self)
            return DeviceHealthRecord(id: id, retired: retired, lastUploadMillis: upload, queueDepth: depth.map { Int($0) },
                                      clockSynced: DeviceHealthRecord.clockSynced(sentAtJSON: sentAt), site: site, counter: counter)
        }
        return counts
    }
}
