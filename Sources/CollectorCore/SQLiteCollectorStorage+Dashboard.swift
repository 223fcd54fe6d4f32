import GRDB

extension SQLiteCollectorStorage {
    public func dashboardCounts(_ query: DashboardQuery) async throws -> DashboardCounts {
        let sql = DashboardSQL.sqlite(query)
        return try await reading("read dashboard counts") { db in
            func rows(_ statement: DashboardSQL.Statement) throws -> [Row] {
                try Row.fetchAll(db, sql: statement.sql, arguments: StatementArguments(statement.arguments.map(\.databaseValue)))
            }
            var counts = DashboardCounts()
            counts.counters = try rows(sql.counters).map {
                CounterScoreCount(site: $0[0], counter: $0[1], score: $0[2], count: $0[3], windowed: $0[4])
            }
            counts.hours = try rows(sql.hours).map { HourScoreCount(day: $0[0], hour: $0[1], score: $0[2], count: $0[3]) }
            counts.reasons = try rows(sql.reasons).map { ReasonCount(site: $0[0], counter: $0[1], reason: $0[2], count: $0[3]) }
            counts.flagged = try rows(sql.flagged).first.map { (row: Row) -> Int in row[0] } ?? 0
            counts.unratedServices = try rows(sql.unratedServices).map { DeviceCount(deviceID: $0[0], count: $0[1]) }
            counts.devices = try rows(sql.devices).map { row in
                DeviceHealthRecord(id: row[0], retired: row[1], lastUploadMillis: row[2], queueDepth: row[3],
                                   clockSynced: DeviceHealthRecord.clockSynced(sentAtJSON: row[4]), site: row[5], counter: row[6])
            }
            return counts
        }
    }
}

extension DashboardSQL.Value {
    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let value): return value.databaseValue
        case .text(let value): return value.databaseValue
        }
    }
}
