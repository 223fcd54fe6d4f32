import RatingCore
import RatingWire
import TerminalStore
import TerminalSync

/// The SQLite store as the uploader's queue.
///
/// Also publishes how many ratings are still unsent after each acknowledgement,
/// so the demo can await "everything acknowledged" without polling.
public final class StoreUploadQueue: UploadQueue {
    public let store: RatingStore
    private let clock: any DeviceClock
    private let unsentAfterAck: AsyncStream<Int>.Continuation
    /// The unsent count after each acknowledgement, newest first kept.
    public let acknowledgements: AsyncStream<Int>

    public init(store: RatingStore, clock: any DeviceClock) {
        self.store = store
        self.clock = clock
        (acknowledgements, unsentAfterAck) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    public func nextBatch(limit: Int) async throws -> PendingBatch {
        async let ratings = store.unsent(limit: limit)
        async let count = store.unsentCount()
        return PendingBatch(storeID: store.storeID, ratings: try await ratings, unsentCount: try await count)
    }

    public func acknowledge(storeID: String, through: Int64, rejected: [RejectedRecord]) async throws {
        try await store.acknowledge(storeID: storeID, through: through, rejected: rejected.map { ($0.seq, $0.reason) },
                                    at: clock.now().wallMillis)
        unsentAfterAck.yield(try await store.unsentCount())
    }

    public func noteAttempt(_ report: UploadReport) async {
        await store.noteUploadAttempt(at: clock.now().wallMillis, result: report.summary, httpStatus: report.httpStatus,
                                      succeeded: report.succeeded)
    }
}
