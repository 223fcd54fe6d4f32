import GRDB

/// The kinds of record a batch carries; each has its own seq per store and its own acknowledged-through.
enum RecordKind: String, Sendable {
    case rating
    case amendment
    case unratedService = "unrated_service"
    case deviceEvent = "device_event"

    /// The table that holds stored records of this kind (fixed names, never input).
    var table: String {
        switch self {
        case .rating: return "ratings"
        case .amendment: return "amendments"
        case .unratedService: return "unrated_services"
        case .deviceEvent: return "device_events"
        }
    }

    /// The `stores` column with this kind's watermark.
    var watermarkColumn: String {
        switch self {
        case .rating: return "acked_through"
        case .amendment: return "amendments_acked_through"
        case .unratedService: return "unrated_services_acked_through"
        case .deviceEvent: return "device_events_acked_through"
        }
    }
}

extension SQLiteCollectorStorage {
    /// Advances the store's watermark of `kind` to the highest seq N such that every seq
    /// 1…N of that kind is stored or set aside, and returns it.
    ///
    /// Starts from the previous watermark and walks both tables' seqs in order,
    /// stopping at the first gap, so a batch costs what it added, not the backlog.
    static func advanceWatermark(_ kind: RecordKind, _ key: StoreKey, _ db: Database) throws -> Int64 {
        let column = kind.watermarkColumn
        let previous = try Int64.fetchOne(db, sql: "SELECT \(column) FROM stores WHERE device_id = ? AND store_id = ?",
                                          arguments: [key.deviceID, key.storeID]) ?? 0
        let stored = try Int64.fetchCursor(db, sql: "SELECT seq FROM \(kind.table) WHERE device_id = ? AND store_id = ? AND seq > ? ORDER BY seq",
                                           arguments: [key.deviceID, key.storeID, previous])
        let setAside = try Int64.fetchCursor(db, sql: """
            SELECT seq FROM conflicts WHERE device_id = ? AND store_id = ? AND kind = ? AND seq > ? ORDER BY seq
            """, arguments: [key.deviceID, key.storeID, kind.rawValue, previous])
        var next = previous + 1
        var nextStored = try stored.next()
        var nextSetAside = try setAside.next()
        while true {
            while let seq = nextStored, seq < next { nextStored = try stored.next() }
            while let seq = nextSetAside, seq < next { nextSetAside = try setAside.next() }
            guard nextStored == next || nextSetAside == next else { break }
            next += 1
        }
        let acked = next - 1
        try db.execute(sql: """
            INSERT INTO stores (device_id, store_id, \(column)) VALUES (?, ?, ?)
            ON CONFLICT (device_id, store_id) DO UPDATE SET \(column) = excluded.\(column)
            """, arguments: [key.deviceID, key.storeID, acked])
        return acked
    }
}
