import GRDB
import RatingWire

extension SQLiteCollectorStorage {
    public func devices() async throws -> [DeviceOverview] {
        try await reading("read devices") { db in
            let stores = try Row.fetchAll(db, sql: """
                SELECT s.device_id, s.store_id, s.acked_through,
                       (SELECT COUNT(*) FROM ratings r WHERE r.device_id = s.device_id AND r.store_id = s.store_id) AS ratings,
                       (SELECT COALESCE(MAX(seq), 0) FROM ratings r WHERE r.device_id = s.device_id AND r.store_id = s.store_id) AS highest
                FROM stores s ORDER BY s.device_id, s.store_id
                """)
            var byDevice: [String: [StoreOverview]] = [:]
            for row in stores {
                let (device, store, acked): (String, String, Int64) = (row["device_id"], row["store_id"], row["acked_through"])
                let above = try Int64.fetchAll(db, sql: """
                    SELECT seq FROM ratings WHERE device_id = ? AND store_id = ? AND seq > ? ORDER BY seq LIMIT 100000
                    """, arguments: [device, store, acked])
                let (gaps, missing) = SeqGaps.between(ackedThrough: acked, heldAbove: above)
                byDevice[device, default: []].append(StoreOverview(storeID: store, ackedThrough: acked, highestSeq: row["highest"],
                                                                   ratings: row["ratings"], gaps: gaps, missing: missing))
            }
            var storage: [String: DeviceStorage] = [:]
            for row in try Row.fetchAll(db, sql: DeviceStorage.newestSQL) {
                storage[row["device_id"]] = DeviceStorage(detail: row["detail"], reportedAtMillis: row["wall_ms"], receivedAtMillis: row["received_at"])
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM devices ORDER BY id").map { row in
                let id: String = row["id"], sentAt: String? = row["last_sent_at"]
                let queueDepth: Int64? = row["last_queue_depth"]
                return DeviceOverview(id: id, retired: row["retired"], addedAtMillis: row["added_at"], lastUploadAtMillis: row["last_upload_at"],
                                      lastQueueDepth: queueDepth.map { Int(clamping: $0) },
                                      lastSentAt: sentAt.flatMap { try? WireCoding.decode(WireTime.self, from: Array($0.utf8)) },
                                      stores: byDevice[id] ?? [], storage: storage[id])
            }
        }
    }
}
