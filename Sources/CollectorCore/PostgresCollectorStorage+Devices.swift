import PostgresNIO
import RatingWire

extension PostgresCollectorStorage {
    public func devices() async throws -> [DeviceOverview] {
        let logger = self.logger
        return try await reading("read devices") { connection in
            let stores = try await connection.query("""
                SELECT s.device_id, s.store_id, s.acked_through,
                       (SELECT COUNT(*) FROM ratings r WHERE r.device_id = s.device_id AND r.store_id = s.store_id) AS ratings,
                       (SELECT COALESCE(MAX(seq), 0) FROM ratings r WHERE r.device_id = s.device_id AND r.store_id = s.store_id) AS highest
                FROM stores s ORDER BY s.device_id, s.store_id
                """, logger: logger).collect()
            var byDevice: [String: [StoreOverview]] = [:]
            for row in stores {
                let (device, store, acked, ratings, highest) = try row.decode((String, String, Int64, Int64, Int64).self)
                let above = try await connection.query("""
                    SELECT seq FROM ratings WHERE device_id = \(device) AND store_id = \(store) AND seq > \(acked) ORDER BY seq LIMIT 100000
                    """, logger: logger).collect().map { try $0.decode(Int64.self) }
                let (gaps, missing) = SeqGaps.between(ackedThrough: acked, heldAbove: above)
                byDevice[device, default: []].append(StoreOverview(storeID: store, ackedThrough: acked, highestSeq: highest,
                                                                   ratings: Int(clamping: ratings), gaps: gaps, missing: missing))
            }
            var storage: [String: DeviceStorage] = [:]
            for row in try await connection.query(PostgresQuery(unsafeSQL: DeviceStorage.newestSQL), logger: logger).collect() {
                let (device, detail, wall, received) = try row.decode((String, String, Int64, Int64).self)
                storage[device] = DeviceStorage(detail: detail, reportedAtMillis: wall, receivedAtMillis: received)
            }
            return try await connection.query("""
                SELECT id, retired, added_at, last_upload_at, last_queue_depth, last_sent_at FROM devices ORDER BY id
                """, logger: logger).collect().map { row in
                let (id, retired, added, upload, depth, sentAt) = try row.decode((String, Bool, Int64, Int64?, Int64?, String?).self)
                return DeviceOverview(id: id, retired: retired, addedAtMillis: added, lastUploadAtMillis: upload,
                                      lastQueueDepth: depth.map { Int(clamping: $0) },
                                      lastSentAt: sentAt.flatMap { try? WireCoding.decode(WireTime.self, from: Array($0.utf8)) },
                                      stores: byDevice[id] ?? [], storage: storage[id])
            }
        }
    }
}
