import PostgresNIO

extension PostgresBatchWriter {
    /// The kinds in the order their watermarks are kept.
    static let watermarkKinds: [RecordKind] = [.rating, .amendment, .unratedService, .deviceEvent]

    /// Advances the store's watermark of every kind to the highest seq N such that every seq
    /// 1…N of that kind is stored or set aside, and returns them.
    ///
    /// The store row is locked first, so an instance ingesting for the same store at the same
    /// time waits and then counts what this transaction stored: a watermark never goes back.
    func advanceWatermarks() async throws -> [RecordKind: Int64] {
        try await connection.perform("""
            INSERT INTO stores (device_id, store_id) VALUES (\(key.deviceID), \(key.storeID)) ON CONFLICT DO NOTHING
            """, logger: logger)
        let columns = Self.watermarkKinds.map(\.watermarkColumn).joined(separator: ", ")
        let rows = try await connection.query("""
            SELECT \(unescaped: columns) FROM stores WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) FOR UPDATE
            """, logger: logger).collect()
        guard let row = rows.first?.makeRandomAccess() else {
            throw CollectorStorageError.failed(operation: "ingest", detail: "the store row of \(key.storeID) is missing")
        }
        var acked: [RecordKind: Int64] = [:]
        for kind in Self.watermarkKinds {
            acked[kind] = try await advance(kind, from: try row[kind.watermarkColumn].decode(Int64.self))
        }
        let assignments = Self.watermarkKinds.map { "\($0.watermarkColumn) = \(acked[$0] ?? 0)" }.joined(separator: ", ")
        try await connection.perform("""
            UPDATE stores SET \(unescaped: assignments) WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID)
            """, logger: logger)
        return acked
    }

    /// Walks the seqs above `previous` (stored or set aside) up to the first gap.
    private func advance(_ kind: RecordKind, from previous: Int64) async throws -> Int64 {
        let rows = try await connection.query("""
            SELECT seq FROM \(unescaped: kind.table) WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) AND seq > \(previous)
            UNION
            SELECT seq FROM conflicts WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) AND kind = \(kind.rawValue)
                AND seq > \(previous)
            ORDER BY seq
            """, logger: logger).collect()
        var acked = previous
        for row in rows {
            guard try row.decode(Int64.self) == acked + 1 else { break }
            acked += 1
        }
        return acked
    }
}
