import EventTimer
import Logging
import RatingCore
import RatingWire

/// Uploads the queue to the collector, one batch in flight, forever.
///
/// Run it in its own task, apart from the button path (`await uploader.run()`).
/// A new rating wakes it (`notifyNewRating`); a batch acknowledged with more
/// waiting is followed at once; an empty queue waits for a wake-up or the idle
/// interval; a failure waits the backoff delay (at least the server's
/// `Retry-After`) and sends the same ratings again. Nothing is ever dropped:
/// every rating stays queued until the collector accounts for it.
///
/// Progress: every attempt's `UploadReport` goes to the queue (`noteAttempt`)
/// and to `attempts`, so a caller can await "everything acknowledged"
/// (`report.remaining == 0`) without polling.
public actor Uploader {
    let settings: UploaderSettings
    let queue: any UploadQueue
    let transport: any HTTPTransport
    let clock: any DeviceClock
    let logger: Logger
    private let wakeUps = WakeUps()
    let reports: AsyncStream<UploadReport>.Continuation
    private var started = false
    /// Every attempt's outcome, in order. One reader; if nobody reads, the newest 100 are kept.
    public nonisolated let attempts: AsyncStream<UploadReport>

    public init(settings: UploaderSettings, queue: any UploadQueue, transport: any HTTPTransport, clock: any DeviceClock, logger: Logger) {
        self.settings = settings
        self.queue = queue
        self.transport = transport
        self.clock = clock
        self.logger = logger
        (attempts, reports) = AsyncStream<UploadReport>.makeStream(bufferingPolicy: .bufferingNewest(100))
    }

    /// Something new is in the queue: upload soon. Cheap, synchronous and non-blocking,
    /// callable from any task or thread; wake-ups coalesce. Does not cut a backoff short.
    public nonisolated func notifyNewRating() { wakeUps.signal() }

    /// Uploads until the calling task is cancelled, then returns promptly (an
    /// in-flight request is aborted by the transport). Runs once per uploader:
    /// a second call returns at once.
    public func run() async {
        guard !started else {
            logger.error("Uploader.run() called twice; the second call does nothing")
            return
        }
        started = true
        defer { reports.finish() }
        var random = SystemRandomNumberGenerator()
        if settings.startupDelayMax > .zero {
            let delay = Duration.nanoseconds(Int64.random(in: 0...settings.startupDelayMax.nanosecondsClampedForBackoff, using: &random))
            logger.info("first upload after a random start-up delay", metadata: ["delay": "\(delay)"])
            do { try await EventTimer.shared.sleep(for: delay) } catch { return }
        }
        var policy = UploadPolicy(maxBatch: settings.maxBatch, gzip: settings.gzip, backoff: settings.backoff)
        var waiter = wakeUps.makeWaiter()
        var heartbeat = Heartbeat(interval: settings.heartbeatInterval)
        while !Task.isCancelled {
            var next: UploadPolicy.Next
            do {
                let pending = try await queue.nextBatch(limit: policy.batchLimit)
                let now = clock.now().monotonicNanos
                if pending.isEmpty {
                    policy.queueEmpty()
                    next = .idle
                    if heartbeat.isDue(atNanos: now) {
                        heartbeat.sent(atNanos: now)
                        // An empty batch: the collector records the contact, queue depth 0 and the clock.
                        if case .after = await attempt(pending, policy: &policy, random: &random) {
                            logger.info("heartbeat not delivered; the next one is due in an interval")
                        }
                    }
                } else {
                    heartbeat.sent(atNanos: now)
                    next = await attempt(pending, policy: &policy, random: &random)
                }
            } catch {
                if Task.isCancelled { return }
                let delay = policy.afterFailure(using: &random)
                logger.error("cannot read the upload queue", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                next = .after(delay)
            }
            switch next {
            case .now:
                continue
            case .after(let delay):
                do { try await EventTimer.shared.sleep(for: delay) } catch { return }
            case .idle:
                guard await waiter.wait(upTo: settings.idleInterval) else { return }
            }
        }
    }

    /// Sends one batch and reports the outcome; returns when to go on.
    private func attempt(_ pending: PendingBatch, policy: inout UploadPolicy,
                         random: inout SystemRandomNumberGenerator) async -> UploadPolicy.Next {
        let gzip = policy.gzip
        let result: HTTPResult
        do {
            let request = try BatchRequest.make(pending, settings: settings, gzip: gzip, sentAt: clock.now())
            result = try await transport.post(url: settings.batchesURL, headers: request.headers, body: request.body)
        } catch {
            if Task.isCancelled { return .now } // the loop ends at its next check
            let delay = policy.afterFailure(using: &random)
            let problem: UploadProblem = error is TransportError ? .network : .malformed
            log(problem, "\(error)", retryIn: delay)
            await report(pending, summary: "\(error)", status: nil, problem: problem)
            return .after(delay)
        }
        let decision = UploadDecision.classify(result, batchSize: pending.recordCount, storeID: pending.storeID, gzipped: gzip)
        if case .acknowledged(let reply) = decision {
            do {
                try await queue.acknowledge(reply)
            } catch {
                if Task.isCancelled { return .now }
                let delay = policy.afterFailure(using: &random)
                log(.localStore, "cannot record an acknowledgement (the batch will be sent again): \(error)", retryIn: delay)
                await report(pending, summary: "acknowledged, but not recorded: \(error)", status: 200, problem: .localStore)
                return .after(delay)
            }
        }
        let next = policy.after(decision, to: pending, using: &random)
        await describe(decision, of: pending, result: result, next: next)
        return next
    }
}
