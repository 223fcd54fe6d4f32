import RatingCore
import RatingWire

/// Why a whole batch is refused before anything is stored.
public struct BatchProblem: Error, Equatable, CustomStringConvertible {
    /// The kind of problem; the HTTP layer maps each kind to a status code.
    public enum Kind: Sendable, Equatable {
        /// `version` is not ``WireFormat/version`` (422).
        case unsupportedVersion
        /// `device_id` is not the device that signed the request (403).
        case wrongDevice
        /// More than ``WireFormat/maxRatingsPerBatch`` records (413: send smaller batches).
        case tooManyRatings
        /// Empty store id, or seqs not strictly increasing (422).
        case malformed
    }

    public var kind: Kind
    public var reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }
}

/// The collector's checks of a decoded batch: pure, no I/O.
///
/// Batch-level problems refuse the whole batch (``BatchProblem``); a bad
/// record only sets that record aside (``CheckedRecord/invalid(_:reason:)``)
/// while the others are stored.
public enum BatchIngest {
    /// Checks `batch`, which was signed by `authenticatedDevice`.
    public static func check(_ batch: UploadBatch, authenticatedDevice: String) throws(BatchProblem) -> CheckedBatch {
        guard batch.version == WireFormat.version else {
            throw BatchProblem(.unsupportedVersion, "batch version \(batch.version) is not supported; this collector reads version \(WireFormat.version)")
        }
        guard batch.deviceID == authenticatedDevice else {
            throw BatchProblem(.wrongDevice, "the batch names device \(batch.deviceID) but was signed by device \(authenticatedDevice)")
        }
        guard batch.recordCount <= WireFormat.maxRatingsPerBatch else {
            throw BatchProblem(.tooManyRatings, "the batch holds \(batch.recordCount) records; send at most \(WireFormat.maxRatingsPerBatch) per batch")
        }
        guard !batch.storeID.isEmpty else {
            throw BatchProblem(.malformed, "store_id is empty")
        }
        try checkOrder(batch)
        let records = batch.ratings.map { check($0, deviceID: batch.deviceID, storeID: batch.storeID) }
        return CheckedBatch(deviceID: batch.deviceID, storeID: batch.storeID, sentAt: batch.sentAt,
                            queueDepth: batch.queueDepth, records: records,
                            amendments: batch.amendments.map { check($0, storeID: batch.storeID) },
                            unratedServices: batch.unratedServices.map { check($0, storeID: batch.storeID) },
                            deviceEvents: batch.deviceEvents.map { check($0, storeID: batch.storeID) })
    }

    /// Checks one record: valid ratings become a ``RatingCore/Rating``; others carry the reason.
    public static func check(_ record: WireRating, deviceID: String, storeID: String) -> CheckedRecord {
        guard record.seq >= 1 else {
            return .invalid(record, reason: "seq \(record.seq) is below 1")
        }
        guard !record.id.isEmpty else {
            return .invalid(record, reason: "seq \(record.seq) has an empty rating id")
        }
        guard record.time.monotonicNanos <= UInt64(Int64.max), (record.window?.openedAt.monotonicNanos ?? 0) <= UInt64(Int64.max) else {
            return .invalid(record, reason: "seq \(record.seq) has mono_ns \(record.time.monotonicNanos), beyond the largest storable value")
        }
        guard let score = Score(record.score) else {
            return .invalid(record, reason: "seq \(record.seq) has score \(record.score), outside 1…5")
        }
        var flags = Set<RatingFlag>()
        for name in record.flags {
            guard let flag = RatingFlag(rawValue: name) else {
                let known = RatingFlag.allCases.map(\.rawValue).joined(separator: ", ")
                return .invalid(record, reason: "seq \(record.seq) has unknown flag \"\(name)\" (known: \(known))")
            }
            flags.insert(flag)
        }
        let placement = Placement(deviceID: deviceID, site: record.site, counter: record.counter)
        return .valid(Rating(storeID: storeID, seq: record.seq, id: record.id, score: score, flags: flags,
                             placement: placement, time: record.time.deviceTime, service: record.window?.serviceRecord))
    }
}
