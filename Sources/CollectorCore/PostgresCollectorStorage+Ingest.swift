import PostgresNIO
import RatingCore
import RatingWire

extension PostgresCollectorStorage {
    public func ingest(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> UploadReply {
        try await ingestCounting(batch, receivedAtMillis: receivedAtMillis).reply
    }

    public func ingestCounting(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> IngestResult {
        let sentAtJSON = try batch.sentAtJSON()
        let logger = self.logger
        let anchors = BatchTimeAnchors(of: batch, receivedAtMillis: receivedAtMillis)
        return try await writing("ingest") { connection in
            var writer = PostgresBatchWriter(connection: connection, key: StoreKey(deviceID: batch.deviceID, storeID: batch.storeID),
                                             receivedAt: receivedAtMillis, logger: logger)
            let correctingAgain = try await writer.mayCorrectAgain(anchors)
            try await writer.lockCounters(for: batch, correctingAgain: correctingAgain)
            let correctedBoots = try await writer.storeAnchors(anchors)
            let held = try await writer.heldAnchors(boots: anchors.recordBoots)
            var rejected: [RejectedRecord] = []
            var (inserted, duplicate) = (0, 0)
            for record in batch.records {
                switch record {
                case .valid(let rating):
                    guard let reason = try await writer.storeOnce(rating, corrected: anchors.correct(rating.time, held: held))
                        .tally(inserted: &inserted, duplicate: &duplicate) else { continue }
                    try writer.setAside(WireRating(rating), kind: .rating, seq: rating.seq, ratingID: rating.id, reason: reason)
                    rejected.append(RejectedRecord(seq: rating.seq, reason: reason))
                case .invalid(let wire, let reason):
                    try writer.setAside(wire, kind: .rating, seq: wire.seq, ratingID: wire.id, reason: reason)
                    rejected.append(RejectedRecord(seq: wire.seq, reason: reason))
                }
            }
            if correctingAgain || !batch.records.isEmpty || !batch.amendments.isEmpty {
                try await writer.correctAgain(boots: correctedBoots)
            }
            let rejectedAmendments = try await writer.ingestEach(batch.amendments, kind: .amendment, wire: WireAmendment.init) {
                try await $0.storeOnce($1)
            }
            let rejectedServices = try await writer.ingestEach(batch.unratedServices, kind: .unratedService, wire: WireUnratedService.init) {
                try await $0.storeOnce($1)
            }
            let rejectedEvents = try await writer.ingestEach(batch.deviceEvents, kind: .deviceEvent, wire: WireDeviceEvent.init) {
                try await $0.storeOnce($1)
            }
            try await writer.storeSetAside()
            if !batch.isImport {
                try await connection.perform("""
                    UPDATE devices SET last_upload_at = \(receivedAtMillis), last_queue_depth = \(Int64(batch.queueDepth)),
                        last_sent_at = \(sentAtJSON) WHERE id = \(batch.deviceID)
                    """, logger: logger)
            }
            let acked = try await writer.advanceWatermarks()
            let reply = UploadReply(storeID: batch.storeID, ackedThrough: acked[.rating] ?? 0, rejected: rejected,
                               amendmentsAckedThrough: acked[.amendment] ?? 0, rejectedAmendments: rejectedAmendments,
                               unratedServicesAckedThrough: acked[.unratedService] ?? 0, rejectedUnratedServices: rejectedServices,
                               deviceEventsAckedThrough: acked[.deviceEvent] ?? 0, rejectedDeviceEvents: rejectedEvents)
            return IngestResult(reply: reply, ratingsInserted: inserted, ratingsDuplicate: duplicate)
        }
    }
}

/// The counter rows of `pull_counters`, one per pull cursor.
///
/// Why counter rows and not sequences: a sequence hands out values in call order, but
/// transactions commit in any order, so a reader paging with `cursor > N` could pass a value
/// whose transaction commits later and never see that row. A counter row stays locked until
/// its transaction commits, so values become visible in increasing order on every instance.
enum CounterName: String, Sendable, CaseIterable {
    case revision
    case unratedService = "unrated_service"
    case deviceEvent = "device_event"
    case conflict
}

/// One ingest transaction: stores records once, collects those set aside, advances watermarks.
///
/// Lock order (so two instances' transactions never deadlock): the counters the batch needs
/// (by name, in one statement), then the device's time anchors (boots sorted), then record keys (kinds in a fixed order, seqs increasing),
/// then the conflict counter, then the device row, then the store row.
struct PostgresBatchWriter {
    let connection: PostgresConnection
    let key: StoreKey
    let receivedAt: Int64
    let logger: Logger
    /// Records to set aside, kept until all records are stored (see ``storeSetAside()``).
    private var setAsideRecords: [(json: String, kind: RecordKind, seq: Int64, ratingID: String, reason: String)] = []

    init(connection: PostgresConnection, key: StoreKey, receivedAt: Int64, logger: Logger) {
        self.connection = connection
        self.key = key
        self.receivedAt = receivedAt
        self.logger = logger
    }

    /// Locks, at the start, the counters this batch may take, in name order.
    ///
    /// Ratings and amendments both take the revision counter, so such batches are serialized:
    /// an amendment and its rating arriving at two instances at once then see each other,
    /// and the rating's revision moves after the amendment is visible. A batch that may correct
    /// stored ratings again (`correctingAgain`) takes it too.
    func lockCounters(for batch: CheckedBatch, correctingAgain: Bool) async throws {
        var names: [String] = []
        if !batch.records.isEmpty || !batch.amendments.isEmpty || correctingAgain { names.append(CounterName.revision.rawValue) }
        if !batch.unratedServices.isEmpty { names.append(CounterName.unratedService.rawValue) }
        if !batch.deviceEvents.isEmpty { names.append(CounterName.deviceEvent.rawValue) }
        guard !names.isEmpty else { return }
        try await connection.perform("SELECT last FROM pull_counters WHERE name = ANY(\(names)) ORDER BY name FOR UPDATE", logger: logger)
    }

    /// The next value of a counter (its row stays locked until the transaction ends).
    func next(_ counter: CounterName) async throws -> Int64 {
        let rows = try await connection.query("""
            UPDATE pull_counters SET last = last + 1 WHERE name = \(counter.rawValue) RETURNING last
            """, logger: logger).collect()
        guard let row = rows.first else {
            throw CollectorStorageError.failed(operation: "ingest", detail: "the pull counter \(counter.rawValue) is missing")
        }
        return try row.decode(Int64.self)
    }

    /// Notes a record that is not stored as sent; ``storeSetAside()`` keeps it.
    mutating func setAside(_ record: some Encodable, kind: RecordKind, seq: Int64, ratingID: String, reason: String) throws {
        let json = String(decoding: try WireCoding.encode(record), as: UTF8.self)
        setAsideRecords.append((json, kind, seq, ratingID, reason))
    }

    /// Keeps the noted records in `conflicts`; a replay of the same record adds nothing.
    ///
    /// Done after all records are stored, so the conflict counter comes last in the lock order.
    func storeSetAside() async throws {
        for record in setAsideRecords {
            // A replay leaves a gap in the ids; readers page with id > N, so gaps are harmless.
            let id = try await next(.conflict)
            try await connection.perform("""
                INSERT INTO conflicts (id, device_id, store_id, seq, rating_id, received_json, reason, received_at, kind)
                VALUES (\(id), \(key.deviceID), \(key.storeID), \(record.seq), \(record.ratingID),
                        \(record.json), \(record.reason), \(receivedAt), \(record.kind.rawValue))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    /// Inserts `rating` with its corrected time unless its key or id is already held; says whether it was stored,
    /// an identical duplicate, or why it clashes.
    func storeOnce(_ rating: Rating, corrected: CorrectedTime) async throws -> RatingStoreOutcome {
        let deviceID = rating.placement.deviceID
        let window = rating.service?.openedAt
        // A clash leaves a gap in the revisions; readers page with revision > N, so gaps are harmless.
        let revision = try await next(.revision)
        // BatchIngest sets aside records whose mono_ns does not fit, so the clamps below never clamp.
        let inserted = try await connection.query("""
            INSERT INTO ratings (device_id, store_id, seq, rating_id, score, flags, site, counter,
                                 wall_ms, boot_id, mono_ns, clock_synced, received_at,
                                 ticket, staff, window_wall_ms, window_boot_id, window_mono_ns, window_clock_synced, revision,
                                 corrected_ms, time_quality)
            VALUES (\(deviceID), \(rating.storeID), \(rating.seq), \(rating.id), \(Int64(rating.score.value)),
                    \(RatingFlag.encode(rating.flags)), \(rating.placement.site), \(rating.placement.counter),
                    \(rating.time.wallMillis), \(rating.time.bootID), \(Int64(clamping: rating.time.monotonicNanos)),
                    \(rating.time.clockSynced), \(receivedAt),
                    \(rating.service?.ticket), \(rating.service?.staff), \(window?.wallMillis), \(window?.bootID),
                    \(window.map { Int64(clamping: $0.monotonicNanos) }), \(window?.clockSynced), \(revision),
                    \(corrected.wallMillis), \(corrected.quality.rawValue))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger).collect()
        guard inserted.isEmpty else { return .inserted }
        // Not inserted: the key or the id is held (stored earlier, or by another instance that committed first).
        let held = try await connection.query("""
            SELECT * FROM ratings WHERE device_id = \(deviceID) AND store_id = \(rating.storeID) AND seq = \(rating.seq)
            """, logger: logger).collect()
        if let row = held.first {
            let stored = try PostgresRows.storedRating(row.makeRandomAccess()).rating
            return stored == rating ? .duplicate : .clash("conflict: seq \(rating.seq) of store \(rating.storeID) already holds a different rating")
        }
        let byID = try await connection.query("SELECT device_id, store_id, seq FROM ratings WHERE rating_id = \(rating.id)",
                                              logger: logger).collect()
        guard let (heldDevice, heldStore, heldSeq) = try byID.first?.decode((String, String, Int64).self) else {
            throw CollectorStorageError.failed(operation: "ingest", detail: "rating \(rating.id) was neither stored nor found held")
        }
        return .clash("conflict: rating id \(rating.id) is already stored as seq \(heldSeq) of store \(heldStore) (device \(heldDevice))")
    }
}
