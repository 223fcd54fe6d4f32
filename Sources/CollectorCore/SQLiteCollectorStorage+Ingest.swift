import GRDB
import RatingCore
import RatingWire

extension SQLiteCollectorStorage {
    public func ingest(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> UploadReply {
        try await ingestCounting(batch, receivedAtMillis: receivedAtMillis).reply
    }

    public func ingestCounting(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> IngestResult {
        let sentAtJSON = try batch.sentAtJSON()
        let anchors = BatchTimeAnchors(of: batch, receivedAtMillis: receivedAtMillis)
        return try await writing("ingest") { db in
            let key = StoreKey(deviceID: batch.deviceID, storeID: batch.storeID)
            let correctedBoots = try Self.storeAnchors(anchors, deviceID: batch.deviceID, db)
            let held = try Self.heldAnchors(deviceID: batch.deviceID, boots: anchors.recordBoots, db)
            var rejected: [RejectedRecord] = []
            var (inserted, duplicate) = (0, 0)
            for record in batch.records {
                switch record {
                case .valid(let rating):
                    let corrected = anchors.correct(rating.time, held: held)
                    guard let reason = try Self.storeOnce(rating, corrected: corrected, receivedAt: receivedAtMillis, db)
                        .tally(inserted: &inserted, duplicate: &duplicate) else { continue }
                    try Self.setAside(WireRating(rating), kind: .rating, key: key, seq: rating.seq, ratingID: rating.id,
                                      reason: reason, receivedAt: receivedAtMillis, db)
                    rejected.append(RejectedRecord(seq: rating.seq, reason: reason))
                case .invalid(let wire, let reason):
                    try Self.setAside(wire, kind: .rating, key: key, seq: wire.seq, ratingID: wire.id,
                                      reason: reason, receivedAt: receivedAtMillis, db)
                    rejected.append(RejectedRecord(seq: wire.seq, reason: reason))
                }
            }
            try Self.correctAgain(deviceID: batch.deviceID, boots: correctedBoots, db)
            let rejectedAmendments = try Self.ingestAmendments(batch.amendments, key: key, receivedAt: receivedAtMillis, db)
            let rejectedServices = try Self.ingestUnratedServices(batch.unratedServices, key: key, receivedAt: receivedAtMillis, db)
            let rejectedEvents = try Self.ingestDeviceEvents(batch.deviceEvents, key: key, receivedAt: receivedAtMillis, db)
            if !batch.isImport {
                try db.execute(
                    sql: "UPDATE devices SET last_upload_at = ?, last_queue_depth = ?, last_sent_at = ? WHERE id = ?",
                    arguments: [receivedAtMillis, batch.queueDepth, sentAtJSON, batch.deviceID])
            }
            let reply = UploadReply(storeID: batch.storeID, ackedThrough: try Self.advanceWatermark(.rating, key, db), rejected: rejected,
                               amendmentsAckedThrough: try Self.advanceWatermark(.amendment, key, db),
                               rejectedAmendments: rejectedAmendments,
                               unratedServicesAckedThrough: try Self.advanceWatermark(.unratedService, key, db),
                               rejectedUnratedServices: rejectedServices,
                               deviceEventsAckedThrough: try Self.advanceWatermark(.deviceEvent, key, db),
                               rejectedDeviceEvents: rejectedEvents)
            return IngestResult(reply: reply, ratingsInserted: inserted, ratingsDuplicate: duplicate)
        }
    }

    /// Inserts `rating` with its corrected time unless its key or id is already held; says whether it was stored,
    /// an identical duplicate, or why it clashes.
    static func storeOnce(_ rating: Rating, corrected: CorrectedTime, receivedAt: Int64, _ db: Database) throws -> RatingStoreOutcome {
        let deviceID = rating.placement.deviceID
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM ratings WHERE device_id = ? AND store_id = ? AND seq = ?",
                                      arguments: [deviceID, rating.storeID, rating.seq]) {
            let held = try storedRating(from: row).rating
            return held == rating ? .duplicate : .clash("conflict: seq \(rating.seq) of store \(rating.storeID) already holds a different rating")
        }
        if let row = try Row.fetchOne(db, sql: "SELECT device_id, store_id, seq FROM ratings WHERE rating_id = ?", arguments: [rating.id]) {
            let (heldDevice, heldStore, heldSeq): (String, String, Int64) = (row["device_id"], row["store_id"], row["seq"])
            return .clash("conflict: rating id \(rating.id) is already stored as seq \(heldSeq) of store \(heldStore) (device \(heldDevice))")
        }
        let window = rating.service?.openedAt
        // BatchIngest sets aside records whose mono_ns does not fit, so the clamps below never clamp.
        try db.execute(sql: """
            INSERT INTO ratings (device_id, store_id, seq, rating_id, score, flags, site, counter,
                                 wall_ms, boot_id, mono_ns, clock_synced, received_at,
                                 ticket, staff, window_wall_ms, window_boot_id, window_mono_ns, window_clock_synced, revision,
                                 corrected_ms, time_quality)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [deviceID, rating.storeID, rating.seq, rating.id, rating.score.value,
                             RatingFlag.encode(rating.flags), rating.placement.site, rating.placement.counter,
                             rating.time.wallMillis, rating.time.bootID, Int64(clamping: rating.time.monotonicNanos),
                             rating.time.clockSynced, receivedAt,
                             rating.service?.ticket, rating.service?.staff, window?.wallMillis, window?.bootID,
                             window.map { Int64(clamping: $0.monotonicNanos) }, window?.clockSynced, try nextRevision(db),
                             corrected.wallMillis, corrected.quality.rawValue])
        return .inserted
    }

    /// The next pull revision (a counter row, so several collector instances on one database never share one).
    static func nextRevision(_ db: Database) throws -> Int64 {
        try db.execute(sql: "UPDATE pull_revision SET last = last + 1 WHERE id = 1")
        guard let revision = try Int64.fetchOne(db, sql: "SELECT last FROM pull_revision WHERE id = 1") else {
            throw CollectorStorageError.failed(operation: "ingest", detail: "the pull_revision row is missing")
        }
        return revision
    }

    /// Keeps a record that is not stored as sent; a replay of the same record adds nothing.
    static func setAside(_ record: some Encodable, kind: RecordKind, key: StoreKey, seq: Int64, ratingID: String, reason: String,
                         receivedAt: Int64, _ db: Database) throws {
        let json = String(decoding: try WireCoding.encode(record), as: UTF8.self)
        try db.execute(sql: """
            INSERT OR IGNORE INTO conflicts (device_id, store_id, seq, rating_id, received_json, reason, received_at, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.deviceID, key.storeID, seq, ratingID, json, reason, receivedAt, kind.rawValue])
    }
}

/// One store of one device: the scope of every kind's seq.
struct StoreKey: Sendable {
    var deviceID: String
    var storeID: String
}
