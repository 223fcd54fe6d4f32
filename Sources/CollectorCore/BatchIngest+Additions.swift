import RatingCore
import RatingWire

extension BatchIngest {
    /// Batch-level checks of every kind: each in strictly increasing seq order.
    static func checkOrder(_ batch: UploadBatch) throws(BatchProblem) {
        try requireIncreasing(batch.ratings.map(\.seq), "ratings")
        try requireIncreasing(batch.amendments.map(\.seq), "amendments")
        try requireIncreasing(batch.unratedServices.map(\.seq), "unrated_services")
        try requireIncreasing(batch.deviceEvents.map(\.seq), "device_events")
    }

    private static func requireIncreasing(_ seqs: [Int64], _ name: String) throws(BatchProblem) {
        for (previous, next) in zip(seqs, seqs.dropFirst()) where next <= previous {
            throw BatchProblem(.malformed, "\(name) must be in strictly increasing seq order, but seq \(next) follows seq \(previous)")
        }
    }

    /// Checks one amendment: a known kind and value, seqs from 1, a storable time.
    public static func check(_ record: WireAmendment, storeID: String) -> CheckedAmendment {
        guard record.seq >= 1, record.ratingSeq >= 1 else {
            return .invalid(record, reason: "amendment seq \(record.seq) (rating_seq \(record.ratingSeq)): seqs start at 1")
        }
        guard record.time.monotonicNanos <= UInt64(Int64.max) else {
            return .invalid(record, reason: "amendment seq \(record.seq) has mono_ns beyond the largest storable value")
        }
        guard let change = AmendmentChange(kind: record.kind, value: record.value) else {
            let reasons = FollowUpReason.allCases.map(\.code).joined(separator: ", ")
            let flags = RatingFlag.allCases.map(\.rawValue).joined(separator: ", ")
            return .invalid(record, reason: "amendment seq \(record.seq) has unknown \(record.kind)=\"\(record.value)\" (known: reason \(reasons); flag \(flags))")
        }
        return .valid(RatingAmendment(storeID: storeID, seq: record.seq, ratingSeq: record.ratingSeq, change: change,
                                      time: record.time.deviceTime))
    }

    /// Checks one unrated service: seq from 1, storable times.
    public static func check(_ record: WireUnratedService, storeID: String) -> CheckedUnratedService {
        guard record.seq >= 1 else {
            return .invalid(record, reason: "unrated service seq \(record.seq) is below 1")
        }
        guard record.openedAt.monotonicNanos <= UInt64(Int64.max), record.closedAt.monotonicNanos <= UInt64(Int64.max) else {
            return .invalid(record, reason: "unrated service seq \(record.seq) has mono_ns beyond the largest storable value")
        }
        let service = ServiceRecord(ticket: record.ticket, staff: record.staff, openedAt: record.openedAt.deviceTime)
        return .valid(UnratedServiceRecord(storeID: storeID, seq: record.seq, service: service, closedAt: record.closedAt.deviceTime))
    }

    /// Checks one device event: seq from 1, a storable time, a snake_case kind, a detail that is a JSON
    /// object of at most 16 KiB. A valid event's detail is kept as compact JSON with sorted keys.
    public static func check(_ record: WireDeviceEvent, storeID: String) -> CheckedDeviceEvent {
        guard record.seq >= 1 else {
            return .invalid(record, reason: "device event seq \(record.seq) is below 1")
        }
        guard record.time.monotonicNanos <= UInt64(Int64.max) else {
            return .invalid(record, reason: "device event seq \(record.seq) has mono_ns beyond the largest storable value")
        }
        if let problem = DeviceEvent.problem(kind: record.kind) {
            return .invalid(record, reason: "device event seq \(record.seq): \(problem)")
        }
        guard record.detail.isObject, let detail = try? record.detail.text() else {
            return .invalid(record, reason: "device event seq \(record.seq): detail must be a JSON object")
        }
        guard detail.utf8.count <= DeviceEvent.maxDetailBytes else {
            return .invalid(record, reason: "device event seq \(record.seq): detail is \(detail.utf8.count) bytes, more than \(DeviceEvent.maxDetailBytes)")
        }
        return .valid(DeviceEventRecord(storeID: storeID, seq: record.seq,
                                        event: DeviceEvent(kind: record.kind, detail: detail, time: record.time.deviceTime)))
    }
}
