import GRDB
import RatingCore

/// What `rating-terminal export` takes from the store: every record still on the device, sent or not.
public struct ExportSelection: Sendable, Equatable {
    /// Leave out records whose clock was synchronised and read before this time (ms since 1970); `nil`: keep all.
    /// Records made with an unsynchronised clock are always kept: their wall time is only the board's guess.
    public var sinceWallMillis: Int64?

    public init(sinceWallMillis: Int64?) {
        self.sinceWallMillis = sinceWallMillis
    }

    /// The SQL condition on a table's time columns, and its argument.
    func condition(prefix: String) -> (sql: String, floor: Int64) {
        ("(\(prefix)clock_synced = 0 OR \(prefix)wall_ms >= ?)", sinceWallMillis ?? Int64.min)
    }
}

extension RatingStore {
    /// Up to `limit` selected ratings with a seq above `afterSeq`, in seq order.
    public func exportRatings(_ selection: ExportSelection, afterSeq: Int64, limit: Int) async throws -> [Rating] {
        let storeID = self.storeID
        let (condition, floor) = selection.condition(prefix: "")
        return try await exportPage("ratings", sql: "SELECT * FROM ratings WHERE seq > ? AND \(condition) ORDER BY seq LIMIT ?",
                                    arguments: [afterSeq, floor, limit]) { Self.rating(from: $0, storeID: storeID) }
    }

    /// Up to `limit` amendments of selected ratings with a seq above `afterSeq`, in seq order.
    public func exportAmendments(_ selection: ExportSelection, afterSeq: Int64, limit: Int) async throws -> [RatingAmendment] {
        let storeID = self.storeID
        let (condition, floor) = selection.condition(prefix: "")
        return try await exportPage("amendments", sql: """
            SELECT * FROM amendments
            WHERE seq > ? AND rating_seq IN (SELECT seq FROM ratings WHERE \(condition))
            ORDER BY seq LIMIT ?
            """, arguments: [afterSeq, floor, limit]) { Self.amendment(from: $0, storeID: storeID) }
    }

    /// Up to `limit` selected unrated services (by the time their window closed) with a seq above `afterSeq`, in seq order.
    public func exportUnratedServices(_ selection: ExportSelection, afterSeq: Int64, limit: Int) async throws -> [UnratedServiceRecord] {
        let storeID = self.storeID
        let (condition, floor) = selection.condition(prefix: "closed_")
        return try await exportPage("unrated services", sql: "SELECT * FROM unrated_services WHERE seq > ? AND \(condition) ORDER BY seq LIMIT ?",
                                    arguments: [afterSeq, floor, limit]) { Self.unratedService(from: $0, storeID: storeID) }
    }

    /// Up to `limit` selected device events (by the event's time) with a seq above `afterSeq`, in seq order.
    public func exportDeviceEvents(_ selection: ExportSelection, afterSeq: Int64, limit: Int) async throws -> [DeviceEventRecord] {
        let storeID = self.storeID
        let (condition, floor) = selection.condition(prefix: "")
        return try await exportPage("device events", sql: "SELECT * FROM device_events WHERE seq > ? AND \(condition) ORDER BY seq LIMIT ?",
                                    arguments: [afterSeq, floor, limit]) { Self.deviceEvent(from: $0, storeID: storeID) }
    }

    private func exportPage<T: Sendable>(_ what: String, sql: String, arguments: StatementArguments,
                                         decode: @escaping @Sendable (Row) -> T?) async throws -> [T] {
        do {
            return try await database.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(decode)
            }
        } catch {
            throw StoreError.failed(operation: "read \(what) to export", detail: String(describing: error))
        }
    }
}
