import GRDB
import RatingCore

extension RatingStore {
    /// Keeps a later change to the stored rating `ratingSeq` durably, in its own transaction, and
    /// returns it with its own seq. The rating itself is never rewritten (it may be uploaded already).
    public func amend(ratingSeq: Int64, _ change: AmendmentChange, at time: DeviceTime) async throws -> RatingAmendment {
        let seq: Int64
        do {
            seq = try await write { db in
                try db.execute(sql: """
                    INSERT INTO amendments (rating_seq, kind, value, wall_ms, boot_id, mono_ns, clock_synced)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [ratingSeq, change.kind, change.value, time.wallMillis, time.bootID,
                                     Int64(bitPattern: time.monotonicNanos), time.clockSynced])
                return db.lastInsertedRowID
            }
        } catch {
            throw StoreError.failed(operation: "amend rating \(ratingSeq)", detail: String(describing: error))
        }
        return RatingAmendment(storeID: storeID, seq: seq, ratingSeq: ratingSeq, change: change, time: time)
    }

    /// Up to `limit` amendments the collector has not acknowledged, in seq order.
    public func unsentAmendments(limit: Int) async throws -> [RatingAmendment] {
        let storeID = self.storeID
        do {
            return try await database.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM amendments
                    WHERE seq > (SELECT amendments_acked_through FROM upload_state WHERE id = 1)
                    ORDER BY seq LIMIT ?
                    """, arguments: [limit])
                return rows.compactMap { Self.amendment(from: $0, storeID: storeID) }
            }
        } catch {
            throw StoreError.failed(operation: "read unsent amendments", detail: String(describing: error))
        }
    }

    /// Keeps that a rating window closed without a counted press, durably, in its own transaction.
    public func recordUnratedService(_ service: ServiceRecord, closedAt: DeviceTime) async throws -> UnratedServiceRecord {
        let opened = service.openedAt
        let seq: Int64
        do {
            seq = try await write { db in
                try db.execute(sql: """
                    INSERT INTO unrated_services (ticket, staff, opened_wall_ms, opened_boot_id, opened_mono_ns, opened_clock_synced,
                                                  closed_wall_ms, closed_boot_id, closed_mono_ns, closed_clock_synced)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [service.ticket, service.staff, opened.wallMillis, opened.bootID, Int64(bitPattern: opened.monotonicNanos),
                                     opened.clockSynced, closedAt.wallMillis, closedAt.bootID, Int64(bitPattern: closedAt.monotonicNanos),
                                     closedAt.clockSynced])
                return db.lastInsertedRowID
            }
        } catch {
            throw StoreError.failed(operation: "record an unrated service", detail: String(describing: error))
        }
        return UnratedServiceRecord(storeID: storeID, seq: seq, service: service, closedAt: closedAt)
    }

    /// Up to `limit` unrated services the collector has not acknowledged, in seq order.
    public func unsentUnratedServices(limit: Int) async throws -> [UnratedServiceRecord] {
        let storeID = self.storeID
        do {
            return try await database.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM unrated_services
                    WHERE seq > (SELECT unrated_services_acked_through FROM upload_state WHERE id = 1)
                    ORDER BY seq LIMIT ?
                    """, arguments: [limit])
                return rows.compactMap { Self.unratedService(from: $0, storeID: storeID) }
            }
        } catch {
            throw StoreError.failed(operation: "read unsent unrated services", detail: String(describing: error))
        }
    }

    /// An amendment row; `nil` if it cannot be read (the CHECK constraint keeps kind known; a value
    /// written by a newer build is skipped, not guessed).
    static func amendment(from row: Row, storeID: String) -> RatingAmendment? {
        guard let change = AmendmentChange(kind: row["kind"], value: row["value"]),
              let time = deviceTime(row, prefix: "") else { return nil }
        return RatingAmendment(storeID: storeID, seq: row["seq"], ratingSeq: row["rating_seq"], change: change, time: time)
    }

    /// An unrated-service row; `nil` if it cannot be read.
    static func unratedService(from row: Row, storeID: String) -> UnratedServiceRecord? {
        guard let opened = deviceTime(row, prefix: "opened_"), let closed = deviceTime(row, prefix: "closed_") else { return nil }
        return UnratedServiceRecord(storeID: storeID, seq: row["seq"],
                                    service: ServiceRecord(ticket: row["ticket"], staff: row["staff"], openedAt: opened), closedAt: closed)
    }
}
