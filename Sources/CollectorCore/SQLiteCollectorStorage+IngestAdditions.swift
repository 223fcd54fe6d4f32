import GRDB
import RatingCore
import RatingWire

extension SQLiteCollectorStorage {
    /// Stores each amendment once (keyed on device, store and the amendment's seq); returns those set aside.
    static func ingestAmendments(_ amendments: [CheckedAmendment], key: StoreKey, receivedAt: Int64, _ db: Database) throws -> [RejectedRecord] {
        try ingestEach(amendments, kind: .amendment, key: key, receivedAt: receivedAt, db, wire: WireAmendment.init) {
            try storeOnce($0, key: key, receivedAt: receivedAt, db)
        }
    }

    /// Stores each unrated service once (keyed on device, store and its seq); returns those set aside.
    static func ingestUnratedServices(_ services: [CheckedUnratedService], key: StoreKey, receivedAt: Int64, _ db: Database) throws -> [RejectedRecord] {
        try ingestEach(services, kind: .unratedService, key: key, receivedAt: receivedAt, db, wire: WireUnratedService.init) {
            try storeOnce($0, key: key, receivedAt: receivedAt, db)
        }
    }

    /// Stores each device event once (keyed on device, store and its seq); returns those set aside.
    static func ingestDeviceEvents(_ events: [CheckedDeviceEvent], key: StoreKey, receivedAt: Int64, _ db: Database) throws -> [RejectedRecord] {
        try ingestEach(events, kind: .deviceEvent, key: key, receivedAt: receivedAt, db, wire: WireDeviceEvent.init) {
            try storeOnce($0, key: key, receivedAt: receivedAt, db)
        }
    }

    /// Stores each valid record with `store` (which answers `nil` when stored or an identical duplicate,
    /// else why it clashes) and sets aside the clashing and the invalid ones, in their wire form.
    private static func ingestEach<Record, Wire: Encodable>(_ records: [CheckedAddition<Record, Wire>], kind: RecordKind, key: StoreKey,
                                                            receivedAt: Int64, _ db: Database, wire: (Record) -> Wire,
                                                            store: (Record) throws -> String?) throws -> [RejectedRecord] {
        var rejected: [RejectedRecord] = []
        for checked in records {
            let (received, reason): (Wire, String)
            switch checked {
            case .valid(let record):
                guard let clash = try store(record) else { continue }
                (received, reason) = (wire(record), clash)
            case .invalid(let record, let why):
                (received, reason) = (record, why)
            }
            try setAside(received, kind: kind, key: key, seq: checked.seq, ratingID: "", reason: reason, receivedAt: receivedAt, db)
            rejected.append(RejectedRecord(seq: checked.seq, reason: reason))
        }
        return rejected
    }

    /// Inserts `amendment` unless its key is held; `nil` if stored or an identical duplicate, else why it clashes.
    /// A stored amendment moves its rating (if already here) to a new pull revision.
    static func storeOnce(_ amendment: RatingAmendment, key: StoreKey, receivedAt: Int64, _ db: Database) throws -> String? {
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM amendments WHERE device_id = ? AND store_id = ? AND seq = ?",
                                      arguments: [key.deviceID, key.storeID, amendment.seq]) {
            let held = storedAmendment(from: row, storeID: key.storeID)
            return held == amendment ? nil : "conflict: amendment seq \(amendment.seq) of store \(key.storeID) already holds a different amendment"
        }
        let time = amendment.time
        try db.execute(sql: """
            INSERT INTO amendments (device_id, store_id, seq, rating_seq, kind, value, wall_ms, boot_id, mono_ns, clock_synced, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.deviceID, key.storeID, amendment.seq, amendment.ratingSeq, amendment.change.kind, amendment.change.value,
                             time.wallMillis, time.bootID, Int64(clamping: time.monotonicNanos), time.clockSynced, receivedAt])
        let ratingHeld = try Bool.fetchOne(db, sql: "SELECT 1 FROM ratings WHERE device_id = ? AND store_id = ? AND seq = ?",
                                           arguments: [key.deviceID, key.storeID, amendment.ratingSeq]) != nil
        if ratingHeld {
            try db.execute(sql: "UPDATE ratings SET revision = ? WHERE device_id = ? AND store_id = ? AND seq = ?",
                           arguments: [try nextRevision(db), key.deviceID, key.storeID, amendment.ratingSeq])
        }
        return nil
    }

    /// Inserts `record` unless its key is held; `nil` if stored or an identical duplicate, else why it clashes.
    static func storeOnce(_ record: UnratedServiceRecord, key: StoreKey, receivedAt: Int64, _ db: Database) throws -> String? {
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM unrated_services WHERE device_id = ? AND store_id = ? AND seq = ?",
                                      arguments: [key.deviceID, key.storeID, record.seq]) {
            let held = storedUnratedService(from: row).record
            return held == record ? nil : "conflict: unrated service seq \(record.seq) of store \(key.storeID) already holds a different record"
        }
        let (opened, closed) = (record.service.openedAt, record.closedAt)
        try db.execute(sql: """
            INSERT INTO unrated_services (device_id, store_id, seq, ticket, staff,
                opened_wall_ms, opened_boot_id, opened_mono_ns, opened_clock_synced,
                closed_wall_ms, closed_boot_id, closed_mono_ns, closed_clock_synced, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.deviceID, key.storeID, record.seq, record.service.ticket, record.service.staff,
                             opened.wallMillis, opened.bootID, Int64(clamping: opened.monotonicNanos), opened.clockSynced,
                             closed.wallMillis, closed.bootID, Int64(clamping: closed.monotonicNanos), closed.clockSynced, receivedAt])
        return nil
    }

    /// Inserts `record` unless its key is held; `nil` if stored or an identical duplicate, else why it clashes.
    static func storeOnce(_ record: DeviceEventRecord, key: StoreKey, receivedAt: Int64, _ db: Database) throws -> String? {
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM device_events WHERE device_id = ? AND store_id = ? AND seq = ?",
                                      arguments: [key.deviceID, key.storeID, record.seq]) {
            let held = storedDeviceEvent(from: row).record
            return held == record ? nil : "conflict: device event seq \(record.seq) of store \(key.storeID) already holds a different event"
        }
        let time = record.event.time
        try db.execute(sql: """
            INSERT INTO device_events (device_id, store_id, seq, kind, detail, wall_ms, boot_id, mono_ns, clock_synced, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.deviceID, key.storeID, record.seq, record.event.kind, record.event.detail,
                             time.wallMillis, time.bootID, Int64(clamping: time.monotonicNanos), time.clockSynced, receivedAt])
        return nil
    }

    /// An `amendments` row; a kind or value this build does not know reads as `nil`.
    static func storedAmendment(from row: Row, storeID: String) -> RatingAmendment? {
        guard let change = AmendmentChange(kind: row["kind"], value: row["value"]),
              let time = deviceTime(row, prefix: "") else { return nil }
        return RatingAmendment(storeID: storeID, seq: row["seq"], ratingSeq: row["rating_seq"], change: change, time: time)
    }

    /// An `unrated_services` row.
    static func storedUnratedService(from row: Row) -> StoredUnratedService {
        let service = ServiceRecord(ticket: row["ticket"], staff: row["staff"], openedAt: deviceTime(row, prefix: "opened_") ?? missingTime)
        let record = UnratedServiceRecord(storeID: row["store_id"], seq: row["seq"], service: service,
                                          closedAt: deviceTime(row, prefix: "closed_") ?? missingTime)
        return StoredUnratedService(cursor: row["cursor"], deviceID: row["device_id"], receivedAtMillis: row["received_at"], record: record)
    }

    /// A `device_events` row.
    static func storedDeviceEvent(from row: Row) -> StoredDeviceEvent {
        let event = DeviceEvent(kind: row["kind"], detail: row["detail"], time: deviceTime(row, prefix: "") ?? missingTime)
        let record = DeviceEventRecord(storeID: row["store_id"], seq: row["seq"], event: event)
        return StoredDeviceEvent(cursor: row["cursor"], deviceID: row["device_id"], receivedAtMillis: row["received_at"], record: record)
    }

    /// Stands in for time columns that are NULL (the schema forbids it; a row edited by hand).
    static let missingTime = DeviceTime(wallMillis: 0, bootID: "", monotonicNanos: 0, clockSynced: false)

    /// The four time columns `PREFIXwall_ms`, `PREFIXboot_id`, `PREFIXmono_ns`, `PREFIXclock_synced`; `nil` if any is NULL.
    static func deviceTime(_ row: Row, prefix: String) -> DeviceTime? {
        guard let wall: Int64 = row[prefix + "wall_ms"], let boot: String = row[prefix + "boot_id"],
              let monotonic: Int64 = row[prefix + "mono_ns"], let synced: Bool = row[prefix + "clock_synced"] else { return nil }
        return DeviceTime(wallMillis: wall, bootID: boot, monotonicNanos: UInt64(clamping: monotonic), clockSynced: synced)
    }
}
