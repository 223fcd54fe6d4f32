import GRDB

/// What the collector accounted for in one answer, for each of the store's four outboxes.
public struct OutboxAcknowledgement: Sendable {
    /// Every rating seq up to this one is accounted for at the collector.
    public var ratingsThrough: Int64
    /// Every amendment seq up to this one; `nil` when the collector did not say (an older collector).
    public var amendmentsThrough: Int64?
    /// Every unrated-service seq up to this one; `nil` when the collector did not say.
    public var unratedServicesThrough: Int64?
    /// Every device-event seq up to this one; `nil` when the collector did not say.
    public var deviceEventsThrough: Int64?
    /// Records the collector set aside: kept aside here too, never retried, never deleted early.
    public var rejectedRatings: [(seq: Int64, reason: String)]
    public var rejectedAmendments: [(seq: Int64, reason: String)]
    public var rejectedUnratedServices: [(seq: Int64, reason: String)]
    public var rejectedDeviceEvents: [(seq: Int64, reason: String)]

    public init(ratingsThrough: Int64, amendmentsThrough: Int64? = nil, unratedServicesThrough: Int64? = nil,
                deviceEventsThrough: Int64? = nil,
                rejectedRatings: [(seq: Int64, reason: String)] = [], rejectedAmendments: [(seq: Int64, reason: String)] = [],
                rejectedUnratedServices: [(seq: Int64, reason: String)] = [], rejectedDeviceEvents: [(seq: Int64, reason: String)] = []) {
        self.ratingsThrough = ratingsThrough
        self.amendmentsThrough = amendmentsThrough
        self.unratedServicesThrough = unratedServicesThrough
        self.deviceEventsThrough = deviceEventsThrough
        self.rejectedRatings = rejectedRatings
        self.rejectedAmendments = rejectedAmendments
        self.rejectedUnratedServices = rejectedUnratedServices
        self.rejectedDeviceEvents = rejectedDeviceEvents
    }
}

extension RatingStore {
    /// Records an acknowledgement of every kind in one transaction. Cursors never move back.
    public func acknowledge(_ ack: OutboxAcknowledgement, storeID: String, at wallMillis: Int64) async throws {
        guard storeID == self.storeID else { throw StoreError.wrongStore(expected: self.storeID, got: storeID) }
        do {
            try await write { db in
                try db.execute(sql: "UPDATE upload_state SET acked_through = max(acked_through, ?) WHERE id = 1", arguments: [ack.ratingsThrough])
                try db.execute(sql: "UPDATE ratings SET acked_wall_ms = ? WHERE seq <= ? AND acked_wall_ms IS NULL",
                               arguments: [wallMillis, ack.ratingsThrough])
                for record in ack.rejectedRatings {
                    try db.execute(sql: "INSERT OR REPLACE INTO set_aside (seq, reason, set_aside_wall_ms) VALUES (?, ?, ?)",
                                   arguments: [record.seq, record.reason, wallMillis])
                }
                for (outbox, through, records) in [(Outbox.amendments, ack.amendmentsThrough, ack.rejectedAmendments),
                                                   (.unratedServices, ack.unratedServicesThrough, ack.rejectedUnratedServices),
                                                   (.deviceEvents, ack.deviceEventsThrough, ack.rejectedDeviceEvents)] {
                    if let through { try Self.advance(outbox, through: through, at: wallMillis, db) }
                    for record in records {
                        try db.execute(sql: "INSERT OR REPLACE INTO set_aside_records (kind, seq, reason, set_aside_wall_ms) VALUES (?, ?, ?, ?)",
                                       arguments: [outbox.kind, record.seq, record.reason, wallMillis])
                    }
                }
            }
        } catch {
            throw StoreError.failed(operation: "record an acknowledgement", detail: String(describing: error))
        }
    }

    /// How many records of every kind (ratings, amendments, unrated services, device events) the collector has not acknowledged.
    public func unsentRecordCount() async throws -> Int {
        do {
            return try await database.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT (SELECT count(*) FROM ratings WHERE seq > u.acked_through)
                         + (SELECT count(*) FROM amendments WHERE seq > u.amendments_acked_through)
                         + (SELECT count(*) FROM unrated_services WHERE seq > u.unrated_services_acked_through)
                         + (SELECT count(*) FROM device_events WHERE seq > u.device_events_acked_through)
                    FROM upload_state u WHERE u.id = 1
                    """) ?? 0
            }
        } catch {
            throw StoreError.failed(operation: "count unsent records", detail: String(describing: error))
        }
    }

    /// The acknowledged-through cursors of amendments, unrated services and device events.
    public func ackedThroughOthers() async throws -> (amendments: Int64, unratedServices: Int64, deviceEvents: Int64) {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT amendments_acked_through, unrated_services_acked_through, device_events_acked_through FROM upload_state WHERE id = 1
                """)
            return (row?["amendments_acked_through"] ?? 0, row?["unrated_services_acked_through"] ?? 0, row?["device_events_acked_through"] ?? 0)
        }
    }

    private static func advance(_ outbox: Outbox, through: Int64, at wallMillis: Int64, _ db: Database) throws {
        let cursor = outbox.cursor
        try db.execute(sql: "UPDATE upload_state SET \(cursor) = max(\(cursor), ?) WHERE id = 1", arguments: [through])
        try db.execute(sql: "UPDATE \(outbox.table) SET acked_wall_ms = ? WHERE seq <= ? AND acked_wall_ms IS NULL",
                       arguments: [wallMillis, through])
    }
}
