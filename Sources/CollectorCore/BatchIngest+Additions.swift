import RatingCore
import RatingWire

extension BatchIngest {
    /// Batch-level checks of the amendments and unrated services: each kind in strictly increasing seq order.
    static func checkOrder(_ batch: UploadBatch) throws(BatchProblem) {
        for (previous, next) in zip(batch.amendments, batch.amendments.dropFirst()) where next.seq <= previous.seq {
            throw BatchProblem(.malformed, "amendments must be in strictly increasing seq order, but seq \(next.seq) follows seq \(previous.seq)")
        }
        for (previous, next) in zip(batch.unratedServices, batch.unratedServices.dropFirst()) where next.seq <= previous.seq {
            throw BatchProblem(.malformed, "unrated_services must be in strictly increasing seq order, but seq \(next.seq) follows seq \(previous.seq)")
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
}
