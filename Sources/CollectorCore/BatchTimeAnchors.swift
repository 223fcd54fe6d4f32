import RatingCore
import RatingWire

/// What one batch tells the collector about true time: the anchors it gives and the latest
/// true time each of its boots' records can have happened at (pure; DESIGN.md, "true timestamps").
public struct BatchTimeAnchors: Sendable, Equatable {
    /// Exact anchors (synchronised device readings), at most one per boot: the earliest of the batch.
    public var exact: [TimeAnchor]
    /// The receipt anchor of the sending boot (`nil` for an import: a file is not received when it was made).
    public var receipt: TimeAnchor?
    /// The boot the device sent from.
    public var sendingBoot: String
    /// The boots of the batch's records.
    public var recordBoots: Set<String>
    /// When the collector received the batch.
    public var receivedAtMillis: Int64
    /// When the sending boot began, by the collector's clock: an earlier boot's records happened before it.
    /// `nil` for an import.
    public var sendingBootStartMillis: Int64?

    /// The anchors of `batch`, received at `receivedAtMillis` (collector clock).
    ///
    /// Every synchronised record is a reading of true time on its boot, and so is `sent_at` when
    /// synchronised; of each boot the earliest is kept, because a boot's unsynchronised records
    /// come before its clock was first synchronised, and the nearest anchor drifts least.
    public init(of batch: CheckedBatch, receivedAtMillis: Int64) {
        let recordTimes = Self.deviceTimes(of: batch)
        recordBoots = Set(recordTimes.map(\.bootID))
        var earliest: [String: DeviceTime] = [:]
        for time in recordTimes + [batch.sentAt.deviceTime] where time.clockSynced {
            if let held = earliest[time.bootID], held.monotonicNanos <= time.monotonicNanos { continue }
            earliest[time.bootID] = time
        }
        exact = earliest.values.sorted { $0.bootID < $1.bootID }.map {
            TimeAnchor(bootID: $0.bootID, monotonicNanos: $0.monotonicNanos, wallMillis: $0.wallMillis, errorBoundMillis: 0)
        }
        sendingBoot = batch.sentAt.bootID
        self.receivedAtMillis = receivedAtMillis
        if batch.isImport {
            receipt = nil
            sendingBootStartMillis = nil
        } else {
            receipt = TimeAnchor(bootID: batch.sentAt.bootID, monotonicNanos: batch.sentAt.monotonicNanos,
                                 wallMillis: receivedAtMillis, errorBoundMillis: nil)
            sendingBootStartMillis = receivedAtMillis - Int64(clamping: batch.sentAt.monotonicNanos / 1_000_000)
        }
    }

    /// The corrected time of a record of this batch made at `time`, given the anchors held for its boot
    /// (stored earlier, the batch's own already among them) and the batch's receipt.
    public func correct(_ time: DeviceTime, held: [TimeAnchor]) -> CorrectedTime {
        TimeReconstruction.correct(WireTime(time), anchors: held + (receipt.map { [$0] } ?? []),
                                   receivedAtMillis: upperBoundMillis(forBoot: time.bootID))
    }

    /// The latest true time a record of `bootID` can have: a boot other than the sending one
    /// ended before the sending boot began; anything else happened before the batch arrived.
    public func upperBoundMillis(forBoot bootID: String) -> Int64 {
        guard bootID != sendingBoot, let start = sendingBootStartMillis else { return receivedAtMillis }
        return min(start, receivedAtMillis)
    }

    /// The device times of every valid record of `batch`.
    static func deviceTimes(of batch: CheckedBatch) -> [DeviceTime] {
        var times: [DeviceTime] = []
        for case .valid(let rating) in batch.records { times.append(rating.time) }
        for case .valid(let amendment) in batch.amendments { times.append(amendment.time) }
        for case .valid(let service) in batch.unratedServices { times += [service.service.openedAt, service.closedAt] }
        for case .valid(let event) in batch.deviceEvents { times.append(event.event.time) }
        return times
    }
}
