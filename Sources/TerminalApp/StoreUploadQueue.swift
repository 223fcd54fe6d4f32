import RatingCore
import RatingWire
import TerminalStore
import TerminalSync

/// The SQLite store as the uploader's queue.
///
/// A batch takes unsent ratings first, then amendments, then unrated services, then device events, up to
/// the limit in all. Also publishes how many records are still unsent after each acknowledgement,
/// so the demo can await "everything acknowledged" without polling.
public final class StoreUploadQueue: UploadQueue {
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

    public func nextBatch(limit: Int) async throws -> PendingBatch {
        let ratings = try await store.unsent(limit: limit)
        let amendments = ratings.count < limit ? try await store.unsentAmendments(limit: limit - ratings.count) : []
        let room = limit - ratings.count - amendments.count
        let services = room > 0 ? try await store.unsentUnratedServices(limit: room) : []
        let eventRoom = room - services.count
        let events = eventRoom > 0 ? try await store.unsentDeviceEvents(limit: eventRoom) : []
        return PendingBatch(storeID: store.storeID, ratings: ratings, amendments: amendments, unratedServices: services,
                            deviceEvents: events, unsentCount: try await store.unsentRecordCount())
    }

    public func acknowledge(_ reply: UploadReply) async throws {
        let pairs: ([RejectedRecord]) -> [(seq: Int64, reason: String)] = { $0.map { ($0.seq, $0.reason) } }
        let ack = OutboxAcknowledgement(ratingsThrough: reply.ackedThrough, amendmentsThrough: reply.amendmentsAckedThrough,
                                        unratedServicesThrough: reply.unratedServicesAckedThrough,
                                        deviceEventsThrough: reply.deviceEventsAckedThrough, rejectedRatings: pairs(reply.rejected),
                                        rejectedAmendments: pairs(reply.rejectedAmendments),
                                        rejectedUnratedServices: pairs(reply.rejectedUnratedServices),
                                        rejectedDeviceEvents: pairs(reply.rejectedDeviceEvents))
        try await store.acknowledge(ack, storeID: reply.storeID, at: clock.now().wallMillis)
        unsentAfterAck.yield(try await store.unsentRecordCount())
    }

    public func noteAttempt(_ report: UploadReport) async {
        await store.noteUploadAttempt(at: clock.now().wallMillis, result: report.summary, httpStatus: report.httpStatus,
                                      succeeded: report.succeeded)
    }
}
