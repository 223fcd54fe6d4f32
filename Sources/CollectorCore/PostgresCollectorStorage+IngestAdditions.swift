import PostgresNIO
import RatingCore
import RatingWire

extension PostgresBatchWriter {
    /// Stores each valid record with `store` (which answers `nil` when stored or an identical duplicate,
    /// else why it clashes) and sets aside the clashing and the invalid ones, in their wire form.
    mutating func ingestEach<Record, Wire: Encodable>(_ records: [CheckedAddition<Record, Wire>], kind: RecordKind,
                                                      wire: (Record) -> Wire,
                                                      store: (Self, Record) async throws -> String?) async throws -> [RejectedRecord] {
        var rejected: [RejectedRecord] = []
        for checked in records {
            let (received, reason): (Wire, String)
            switch checked {
            case .valid(let record):
                guard let clash = try await store(self, record) else { continue }
                (received, reason) = (wire(record), clash)
            case .invalid(let record, let why):
                (received, reason) = (record, why)
            }
            try setAside(received, kind: kind, seq: checked.seq, ratingID: "", reason: reason)
            rejected.append(RejectedRecord(seq: checked.seq, reason: reason))
        }
        return rejected
    }

    /// Inserts `amendment` unless its key is held; `nil` if stored or an identical duplicate, else why it clashes.
    /// A stored amendment moves its rating (if already here) to a new pull revision.
    func storeOnce(_ amendment: RatingAmendment) async throws -> String? {
        let time = amendment.time
        let inserted = try await connection.query("""
            INSERT INTO amendments (device_id, store_id, seq, rating_seq, kind, value, wall_ms, boot_id, mono_ns, clock_synced, received_at)
            VALUES (\(key.deviceID), \(key.storeID), \(amendment.seq), \(amendment.ratingSeq), \(amendment.change.kind),
                    \(amendment.change.value), \(time.wallMillis), \(time.bootID), \(Int64(clamping: time.monotonicNanos)),
                    \(time.clockSynced), \(receivedAt))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger).collect()
        if inserted.isEmpty {
            let held = try await connection.query("""
                SELECT * FROM amendments WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) AND seq = \(amendment.seq)
                """, logger: logger).collect()
            guard let row = held.first else {
                throw CollectorStorageError.failed(operation: "ingest", detail: "amendment seq \(amendment.seq) was neither stored nor found held")
            }
            let stored = try PostgresRows.amendment(row.makeRandomAccess(), storeID: key.storeID)
            return stored == amendment ? nil : "conflict: amendment seq \(amendment.seq) of store \(key.storeID) already holds a different amendment"
        }
        let ratingHeld = try await connection.query("""
            SELECT 1 FROM ratings WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) AND seq = \(amendment.ratingSeq)
            """, logger: logger).collect()
        if !ratingHeld.isEmpty {
            let revision = try await next(.revision)
            try await connection.perform("""
                UPDATE ratings SET revision = \(revision)
                WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) AND seq = \(amendment.ratingSeq)
                """, logger: logger)
        }
        return nil
    }

    /// Inserts `record` unless its key is held; `nil` if stored or an identical duplicate, else why it clashes.
    func storeOnce(_ record: UnratedServiceRecord) async throws -> String? {
        let (opened, closed) = (record.service.openedAt, record.closedAt)
        let cursor = try await next(.unratedService)
        let inserted = try await connection.query("""
            INSERT INTO unrated_services (cursor, device_id, store_id, seq, ticket, staff,
                opened_wall_ms, opened_boot_id, opened_mono_ns, opened_clock_synced,
                closed_wall_ms, closed_boot_id, closed_mono_ns, closed_clock_synced, received_at)
            VALUES (\(cursor), \(key.deviceID), \(key.storeID), \(record.seq), \(record.service.ticket), \(record.service.staff),
                    \(opened.wallMillis), \(opened.bootID), \(Int64(clamping: opened.monotonicNanos)), \(opened.clockSynced),
                    \(closed.wallMillis), \(closed.bootID), \(Int64(clamping: closed.monotonicNanos)), \(closed.clockSynced), \(receivedAt))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger).collect()
        guard inserted.isEmpty else { return nil }
        let held = try await connection.query("""
            SELECT * FROM unrated_services WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) AND seq = \(record.seq)
            """, logger: logger).collect()
        guard let row = held.first else {
            throw CollectorStorageError.failed(operation: "ingest", detail: "unrated service seq \(record.seq) was neither stored nor found held")
        }
        let stored = try PostgresRows.unratedService(row.makeRandomAccess()).record
        return stored == record ? nil : "conflict: unrated service seq \(record.seq) of store \(key.storeID) already holds a different record"
    }

    /// Inserts `record` unless its key is held; `nil` if stored or an identical duplicate, else why it clashes.
    func storeOnce(_ record: DeviceEventRecord) async throws -> String? {
        let time = record.event.time
        let cursor = try await next(.deviceEvent)
        let inserted = try await connection.query("""
            INSERT INTO device_events (cursor, device_id, store_id, seq, kind, detail, wall_ms, boot_id, mono_ns, clock_synced, received_at)
            VALUES (\(cursor), \(key.deviceID), \(key.storeID), \(record.seq), \(record.event.kind), \(record.event.detail),
                    \(time.wallMillis), \(time.bootID), \(Int64(clamping: time.monotonicNanos)), \(time.clockSynced), \(receivedAt))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger).collect()
        guard inserted.isEmpty else { return nil }
        let held = try await connection.query("""
            SELECT * FROM device_events WHERE device_id = \(key.deviceID) AND store_id = \(key.storeID) AND seq = \(record.seq)
            """, logger: logger).collect()
        guard let row = held.first else {
            throw CollectorStorageError.failed(operation: "ingest", detail: "device event seq \(record.seq) was neither stored nor found held")
        }
        let stored = try PostgresRows.deviceEvent(row.makeRandomAccess()).record
        return stored == record ? nil : "conflict: device event seq \(record.seq) of store \(key.storeID) already holds a different event"
    }
}
