import Foundation
import RatingCore
import RatingWire
import TerminalStore
import TerminalSync

/// The SQLite store as the uploader's queue, followed by the salvage stores of damaged ones.
///
/// A batch takes unsent ratings first, then amendments, then unrated services, then device events, up to
/// the limit in all. The current store goes first; only when it has nothing to send does a batch come
/// from a salvage store (one uploader, one request in flight per device). Also publishes how many
/// records are still unsent after each acknowledgement, so the demo can await "everything
/// acknowledged" without polling.
public final class StoreUploadQueue: UploadQueue, @unchecked Sendable {
    // SAFETY: `salvaged` and `lastSalvageBatch` are guarded by `lock`.
    private let lock = NSLock()
    private var salvaged: [RatingStore] = []
    private var lastSalvageBatch: PendingBatch?
    public let store: RatingStore
    private let clock: any DeviceClock
    private let unsentAfterAck: AsyncStream<Int>.Continuation
    /// The unsent record count (all kinds) after each acknowledgement, newest first kept.
    public let acknowledgements: AsyncStream<Int>

    public init(store: RatingStore, clock: any DeviceClock) {
        self.store = store
        self.clock = clock
        (acknowledgements, unsentAfterAck) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds a salvage store: its records are uploaded (under its own store id) after the current store's.
    public func addSalvaged(_ salvage: RatingStore) {
        lock.withLock { salvaged.append(salvage) }
    }

    public func nextBatch(limit: Int) async throws -> PendingBatch {
        // The uploader's timer is the cheap, regular moment to see whether room has returned on a full disk.
        store.recheckStorage()
        let salvaged = lock.withLock { self.salvaged }
        var batch = try await Self.batch(from: store, limit: limit)
        if batch.isEmpty {
            for salvage in salvaged {
                let candidate = try await Self.batch(from: salvage, limit: limit)
                if !candidate.isEmpty {
                    batch = candidate
                    break
                }
            }
        }
        let pending = batch
        lock.withLock { lastSalvageBatch = pending.storeID == store.storeID ? nil : pending }
        var unsent = try await store.unsentRecordCount()
        for salvage in salvaged { unsent += try await salvage.unsentRecordCount() }
        batch.unsentCount = unsent
        return batch
    }

    private static func batch(from store: RatingStore, limit: Int) async throws -> PendingBatch {
        let ratings = try await store.unsent(limit: limit)
        let amendments = ratings.count < limit ? try await store.unsentAmendments(limit: limit - ratings.count) : []
        let room = limit - ratings.count - amendments.count
        let services = room > 0 ? try await store.unsentUnratedServices(limit: room) : []
        let eventRoom = room - services.count
        let events = eventRoom > 0 ? try await store.unsentDeviceEvents(limit: eventRoom) : []
        return PendingBatch(storeID: store.storeID, ratings: ratings, amendments: amendments, unratedServices: services,
                            deviceEvents: events, unsentCount: 0)
    }

    public func acknowledge(_ reply: UploadReply) async throws {
        let pairs: ([RejectedRecord]) -> [(seq: Int64, reason: String)] = { $0.map { ($0.seq, $0.reason) } }
        var ack = OutboxAcknowledgement(ratingsThrough: reply.ackedThrough, amendmentsThrough: reply.amendmentsAckedThrough,
                                        unratedServicesThrough: reply.unratedServicesAckedThrough,
                                        deviceEventsThrough: reply.deviceEventsAckedThrough, rejectedRatings: pairs(reply.rejected),
                                        rejectedAmendments: pairs(reply.rejectedAmendments),
                                        rejectedUnratedServices: pairs(reply.rejectedUnratedServices),
                                        rejectedDeviceEvents: pairs(reply.rejectedDeviceEvents))
        var target = store
        if reply.storeID != store.storeID {
            let (salvage, batch) = lock.withLock { (salvaged.first { $0.storeID == reply.storeID }, lastSalvageBatch) }
            if let salvage, let batch, batch.storeID == reply.storeID {
                // A salvage store has holes (seqs that could not be read), so the collector's contiguous
                // watermark stops at the first one. Its 200 still means every record of the batch is
                // stored, already held or set aside: the batch itself is what is acknowledged.
                ack = Self.wholeBatch(batch, ack)
                target = salvage
            }
        }
        try await target.acknowledge(ack, storeID: reply.storeID, at: clock.now().wallMillis)
        unsentAfterAck.yield(try await store.unsentRecordCount())
    }

    /// `ack` with each kind's cursor moved to the end of that kind in `batch`.
    static func wholeBatch(_ batch: PendingBatch, _ ack: OutboxAcknowledgement) -> OutboxAcknowledgement {
        var ack = ack
        if let last = batch.ratings.last?.seq { ack.ratingsThrough = max(ack.ratingsThrough, last) }
        if let last = batch.amendments.last?.seq { ack.amendmentsThrough = max(ack.amendmentsThrough ?? 0, last) }
        if let last = batch.unratedServices.last?.seq { ack.unratedServicesThrough = max(ack.unratedServicesThrough ?? 0, last) }
        if let last = batch.deviceEvents.last?.seq { ack.deviceEventsThrough = max(ack.deviceEventsThrough ?? 0, last) }
        return ack
    }

    public func noteAttempt(_ report: UploadReport) async {
        await store.noteUploadAttempt(at: clock.now().wallMillis, result: report.summary, httpStatus: report.httpStatus,
                                      succeeded: report.succeeded)
    }
}
