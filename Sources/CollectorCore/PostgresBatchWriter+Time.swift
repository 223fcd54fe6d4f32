import PostgresNIO
import RatingWire

/// True timestamps on PostgreSQL: anchors per boot, and corrected times of ratings kept up to date.
///
/// Anchor rows come after the counters in the lock order (boots sorted, exact before receipt), and
/// ratings are corrected again only by a transaction that holds the revision counter.
extension PostgresBatchWriter {
    /// Whether storing the batch's anchors may correct ratings stored earlier: an exact anchor for
    /// a boot of which unsynchronised ratings are held. Read before the counters are locked, so the
    /// revision counter can be locked in order; see ``lockCounters(for:correctingAgain:)``.
    func mayCorrectAgain(_ anchors: BatchTimeAnchors) async throws -> Bool {
        let boots = anchors.exact.map(\.bootID)
        guard !boots.isEmpty else { return false }
        let rows = try await connection.query("""
            SELECT 1 FROM ratings WHERE device_id = \(key.deviceID) AND boot_id = ANY(\(boots)) AND NOT clock_synced LIMIT 1
            """, logger: logger).collect()
        return !rows.isEmpty
    }

    /// Keeps the batch's anchors (per boot and kind, the earliest) and returns the boots whose exact anchor changed.
    func storeAnchors(_ anchors: BatchTimeAnchors) async throws -> Set<String> {
        var changed: Set<String> = []
        for anchor in anchors.exact where try await keepEarliest(anchor, exact: true) {
            changed.insert(anchor.bootID)
        }
        if let receipt = anchors.receipt { _ = try await keepEarliest(receipt, exact: false) }
        return changed
    }

    /// Inserts `anchor`, or moves the held one of its boot and kind to it if it is earlier; true if the row changed.
    private func keepEarliest(_ anchor: TimeAnchor, exact: Bool) async throws -> Bool {
        let rows = try await connection.query("""
            INSERT INTO time_anchors (device_id, boot_id, exact, mono_ns, wall_ms)
            VALUES (\(key.deviceID), \(anchor.bootID), \(exact), \(Int64(clamping: anchor.monotonicNanos)), \(anchor.wallMillis))
            ON CONFLICT (device_id, boot_id, exact) DO UPDATE SET mono_ns = excluded.mono_ns, wall_ms = excluded.wall_ms
            WHERE excluded.mono_ns < time_anchors.mono_ns
            RETURNING 1
            """, logger: logger).collect()
        return !rows.isEmpty
    }

    /// The anchors held for the given boots of the device.
    func heldAnchors(boots: Set<String>) async throws -> [TimeAnchor] {
        guard !boots.isEmpty else { return [] }
        let rows = try await connection.query("""
            SELECT boot_id, exact, mono_ns, wall_ms FROM time_anchors WHERE device_id = \(key.deviceID) AND boot_id = ANY(\(Array(boots)))
            """, logger: logger).collect()
        return try rows.map { row in
            let (boot, exact, mono, wall) = try row.decode((String, Bool, Int64, Int64).self)
            return TimeAnchor(bootID: boot, monotonicNanos: UInt64(clamping: mono), wallMillis: wall, errorBoundMillis: exact ? 0 : nil)
        }
    }

    /// Corrects again the unsynchronised ratings of `boots` (their exact anchor changed); a rating whose
    /// corrected time or quality changes gets a new pull revision, so readers following the cursor see it.
    /// Call only when the revision counter is locked.
    func correctAgain(boots: Set<String>) async throws {
        for boot in boots.sorted() {
            let anchors = try await heldAnchors(boots: [boot])
            let rows = try await connection.query("""
                SELECT device_id, store_id, seq, wall_ms, mono_ns, received_at, corrected_ms, time_quality FROM ratings
                WHERE device_id = \(key.deviceID) AND boot_id = \(boot) AND NOT clock_synced ORDER BY store_id, seq
                """, logger: logger).collect()
            for row in rows {
                let (_, store, seq, wall, mono, received, correctedMillis, quality) =
                    try row.decode((String, String, Int64, Int64, Int64, Int64, Int64, String).self)
                let time = WireTime(wallMillis: wall, bootID: boot, monotonicNanos: UInt64(clamping: mono), synced: false)
                let corrected = TimeReconstruction.correct(time, anchors: anchors, receivedAtMillis: received)
                guard corrected != CorrectedTime(wallMillis: correctedMillis, quality: TimeQuality(rawValue: quality) ?? .bounded) else { continue }
                let revision = try await next(.revision)
                try await connection.perform("""
                    UPDATE ratings SET corrected_ms = \(corrected.wallMillis), time_quality = \(corrected.quality.rawValue), revision = \(revision)
                    WHERE device_id = \(key.deviceID) AND store_id = \(store) AND seq = \(seq)
                    """, logger: logger)
            }
        }
    }
}
