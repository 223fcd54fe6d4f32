import Logging
import RatingCore
import RatingWire

/// Uploads the queue to the collector, one batch in flight, forever.
///
/// Runs in its own task, apart from the button path. A new rating wakes it
/// (`notifyNewRating`); a successful batch with more waiting is followed at
/// once; an empty queue waits for a wake-up or the idle interval; a failure
/// waits the backoff delay (or the server's `Retry-After`) and retries the
/// same ratings. Nothing is ever dropped: every answer leaves the data queued
/// until the collector acknowledges it.
public final class Uploader: Sendable {
    private let settings: UploaderSettings
    private let queue: any UploadQueue
    private let transport: any HTTPTransport
    private let clock: any DeviceClock
    private let logger: Logger
    private let wake = WakeSignal()
    private let reports: AsyncStream<UploadReport>.Continuation
    /// Every attempt's outcome, for progress displays and benchmarks (newest 100 kept if nobody reads).
    public let attempts: AsyncStream<UploadReport>

    public init(settings: UploaderSettings, queue: any UploadQueue, transport: any HTTPTransport, clock: any DeviceClock, logger: Logger) {
        self.settings = settings
        self.queue = queue
        self.transport = transport
        self.clock = clock
        self.logger = logger
        (attempts, reports) = AsyncStream<UploadReport>.makeStream(bufferingPolicy: .bufferingNewest(100))
    }

    /// Something new is in the queue: upload soon. Cheap and non-blocking; wake-ups coalesce.
    public func notifyNewRating() {
        let wake = self.wake
        Task { await wake.signal() }
    }

    /// Uploads until the task is cancelled.
    public func run() async {
        var random = SystemRandomNumberGenerator()
        if settings.startupDelayMax > .zero {
            let delay = Duration.nanoseconds(Int64.random(in: 0...settings.startupDelayMax.nanosecondsClampedForBackoff, using: &random))
            logger.info("first upload after a random start-up delay", metadata: ["delay": "\(delay)"])
            do { try await Task.sleep(for: delay) } catch { return }
        }
        var state = UploadState(limit: settings.maxBatch, gzip: settings.gzip, backoff: settings.backoff)
        while !Task.isCancelled {
            let pending: PendingBatch
            do {
                pending = try await queue.nextBatch(limit: state.limit)
            } catch {
                if Task.isCancelled { return }
                logger.error("cannot read the upload queue", metadata: ["error": "\(error)"])
                await pause(state.backoff.nextDelay(using: &random))
                continue
            }
            guard !pending.ratings.isEmpty else {
                await wake.wait(upTo: settings.idleInterval)
                continue
            }
            if let delay = await attempt(pending, state: &state) {
                await pause(delay)
            }
        }
    }

    /// One attempt; returns how long to wait before the next one (`nil`: go on at once).
    private func attempt(_ pending: PendingBatch, state: inout UploadState) async -> Duration? {
        var random = SystemRandomNumberGenerator()
        let result: HTTPResult
        do {
            let request = try BatchRequest.make(pending, settings: settings, gzip: state.gzip, sentAt: clock.now())
            result = try await transport.post(url: settings.batchesURL, headers: request.headers, body: request.body)
        } catch {
            await report(UploadReport(summary: "\(error)", httpStatus: nil, succeeded: false, ratings: pending.ratings.count, bytesSent: 0))
            let delay = state.backoff.nextDelay(using: &random)
            logger.warning("upload failed; retrying later", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
            return delay
        }
        switch UploadDecision.classify(result, batchSize: pending.ratings.count, storeID: pending.storeID) {
        case .acknowledged(let reply):
            do {
                try await queue.acknowledge(storeID: reply.storeID, through: reply.ackedThrough, rejected: reply.rejected)
            } catch {
                if Task.isCancelled { return nil }
                logger.error("cannot record an acknowledgement; the batch will be sent again", metadata: ["error": "\(error)"])
                return state.backoff.nextDelay(using: &random)
            }
            for record in reply.rejected {
                logger.error("the collector set a rating aside", metadata: ["seq": "\(record.seq)", "reason": "\(record.reason)"])
            }
            state.backoff.reset()
            state.limit = min(settings.maxBatch, state.limit * 2)
            await report(UploadReport(summary: "acknowledged through \(reply.ackedThrough)", httpStatus: 200, succeeded: true,
                                      ratings: pending.ratings.count, bytesSent: result.bytesSent))
            // A collector that acknowledged nothing new would make this loop spin: back off instead.
            let progressed = pending.ratings.contains { $0.seq <= reply.ackedThrough }
            return progressed ? nil : state.backoff.nextDelay(using: &random)
        case .shrinkBatch(let size):
            state.limit = size
            await report(UploadReport(summary: "HTTP 413: batch too large, now \(size)", httpStatus: 413, succeeded: false,
                                      ratings: pending.ratings.count, bytesSent: result.bytesSent))
            return nil
        case .sendUncompressed:
            state.gzip = false
            await report(UploadReport(summary: "HTTP 415: sending uncompressed", httpStatus: 415, succeeded: false,
                                      ratings: pending.ratings.count, bytesSent: result.bytesSent))
            return nil
        case .retryLater(let reason, let retryAfter):
            let delay = retryAfter ?? state.backoff.nextDelay(using: &random)
            if retryAfter != nil { _ = state.backoff.nextDelay(using: &random) }
            logger.warning("the collector did not take the batch; retrying later", metadata: ["reason": "\(reason)", "retry_in": "\(delay)"])
            await report(UploadReport(summary: reason, httpStatus: result.status, succeeded: false,
                                      ratings: pending.ratings.count, bytesSent: result.bytesSent))
            return delay
        }
    }

    private func report(_ report: UploadReport) async {
        await queue.noteAttempt(report)
        reports.yield(report)
    }

    /// Sleeps on the monotonic clock; presses do not cut a backoff short.
    private func pause(_ delay: Duration) async {
        try? await Task.sleep(for: delay)
    }
}

/// What one run of the loop carries from attempt to attempt.
struct UploadState {
    var limit: Int
    var gzip: Bool
    var backoff: Backoff
}
