import RatingWire

/// How far a stored rating's corrected time can be trusted (DESIGN.md, "true timestamps").
public enum TimeQuality: String, Sendable, Codable, CaseIterable {
    /// The device's clock was synchronised when the rating was made: its wall time is used as it is.
    case synced
    /// The clock was not synchronised, but the same boot later (or earlier) gave a reference: a
    /// synchronised reading, or a batch the collector received. Wall time = reference + monotonic difference.
    case anchored
    /// No reference for that boot: the rating is only known to have happened before the collector received it.
    case bounded
}

/// A point of one boot where monotonic time and true wall time are both known.
public struct TimeAnchor: Sendable, Equatable {
    public var bootID: String
    public var monotonicNanos: UInt64
    /// True wall time at that monotonic instant (ms since 1970).
    public var wallMillis: Int64
    /// How wrong `wallMillis` may be, at most (0 for a synchronised device clock; a receipt anchor
    /// is late by the batch's time on the network).
    public var errorBoundMillis: Int64?

    public init(bootID: String, monotonicNanos: UInt64, wallMillis: Int64, errorBoundMillis: Int64?) {
        self.bootID = bootID
        self.monotonicNanos = monotonicNanos
        self.wallMillis = wallMillis
        self.errorBoundMillis = errorBoundMillis
    }

    /// The anchors a batch gives: its `sent_at` when the device's clock was synchronised, and always
    /// the collector's own receipt of it (the device sent it just before; `receivedAtMillis` is the
    /// collector's clock, which is assumed synchronised).
    public static func from(sentAt: WireTime, receivedAtMillis: Int64) -> [TimeAnchor] {
        var anchors = [TimeAnchor(bootID: sentAt.bootID, monotonicNanos: sentAt.monotonicNanos, wallMillis: receivedAtMillis, errorBoundMillis: nil)]
        if sentAt.synced {
            anchors.insert(TimeAnchor(bootID: sentAt.bootID, monotonicNanos: sentAt.monotonicNanos, wallMillis: sentAt.wallMillis,
                                      errorBoundMillis: 0), at: 0)
        }
        return anchors
    }
}

/// A rating's time as the collector reconstructs it, stored beside the device's raw fields.
public struct CorrectedTime: Sendable, Equatable {
    public var wallMillis: Int64
    public var quality: TimeQuality

    public init(wallMillis: Int64, quality: TimeQuality) {
        self.wallMillis = wallMillis
        self.quality = quality
    }
}

/// The reconstruction of true times from the device's three numbers (wall, boot id, monotonic): pure.
public enum TimeReconstruction {
    /// The corrected time of an event the device recorded at `time`, given the anchors known for its
    /// boot, and when the collector first received it (an upper bound: nothing is received before it happens).
    ///
    /// Of the anchors of the same boot, a synchronised device reading beats a receipt, and among equals
    /// the nearest in monotonic time wins (the board's oscillator drifts, so nearer is better).
    public static func correct(_ time: WireTime, anchors: [TimeAnchor], receivedAtMillis: Int64) -> CorrectedTime {
        if time.synced { return CorrectedTime(wallMillis: time.wallMillis, quality: .synced) }
        let sameBoot = anchors.filter { $0.bootID == time.bootID }
        let best = sameBoot.min { lhs, rhs in
            let lhsExact = lhs.errorBoundMillis == 0, rhsExact = rhs.errorBoundMillis == 0
            if lhsExact != rhsExact { return lhsExact }
            return distance(lhs.monotonicNanos, time.monotonicNanos) < distance(rhs.monotonicNanos, time.monotonicNanos)
        }
        guard let anchor = best else { return CorrectedTime(wallMillis: receivedAtMillis, quality: .bounded) }
        let offsetMillis = (Int64(clamping: time.monotonicNanos) - Int64(clamping: anchor.monotonicNanos)) / 1_000_000
        let (wall, overflow) = anchor.wallMillis.addingReportingOverflow(offsetMillis)
        guard !overflow else { return CorrectedTime(wallMillis: receivedAtMillis, quality: .bounded) }
        // A receipt anchor is late by the network time, so an event can come out after its own receipt: clamp.
        return CorrectedTime(wallMillis: min(wall, receivedAtMillis), quality: .anchored)
    }

    private static func distance(_ a: UInt64, _ b: UInt64) -> UInt64 { a > b ? a - b : b - a }
}
