/// What the upload loop carries from attempt to attempt, and when it tries next.
///
/// Pure: no I/O, no clock; the random source for the jitter is passed in.
/// The uploader reads a batch of at most `batchLimit`, sends it (gzip if `gzip`),
/// and asks the policy what to do next.
public struct UploadPolicy: Sendable, Equatable {
    /// When to read and send the next batch.
    public enum Next: Sendable, Equatable {
        /// At once (a backlog to drain, or the same ratings adapted after 413/415).
        case now
        /// After this long, on the monotonic clock; wake-ups do not cut it short.
        case after(Duration)
        /// Nothing left: at the next wake-up or after the idle interval.
        case idle
    }

    /// The largest batch the protocol and the settings allow.
    public let maxBatch: Int
    /// Ratings per batch now: halved by each 413, back to `maxBatch` once the queue is empty.
    public private(set) var batchLimit: Int
    /// Whether bodies are gzip-compressed; off for the rest of the run after a 415.
    public private(set) var gzip: Bool
    public private(set) var backoff: Backoff

    public init(maxBatch: Int, gzip: Bool, backoff: Backoff) {
        self.maxBatch = max(1, maxBatch)
        self.batchLimit = self.maxBatch
        self.gzip = gzip
        self.backoff = backoff
    }

    /// No answer (transport error) or the local queue failed: back off.
    public mutating func afterFailure(using random: inout some RandomNumberGenerator) -> Duration {
        backoff.nextDelay(using: &random)
    }

    /// The queue had nothing to send.
    ///
    /// Why the batch limit comes back only here: while a backlog drains, the size that
    /// fit stays (growing again would cost a 413 round trip every other batch); once
    /// caught up, batches are small anyway and the next backlog starts from `maxBatch`.
    public mutating func queueEmpty() {
        batchLimit = maxBatch
    }

    /// What to do after the collector answered `decision` to `batch`.
    public mutating func after(_ decision: UploadDecision, to batch: PendingBatch, using random: inout some RandomNumberGenerator) -> Next {
        switch decision {
        case .acknowledged(let reply):
            let accounted = batch.accounted(by: reply)
            // A collector that accounts for none of the batch would make the loop spin: back off.
            guard accounted > 0 else { return .after(backoff.nextDelay(using: &random)) }
            backoff.reset()
            return batch.unsentCount > accounted ? .now : .idle
        case .shrinkBatch(let size):
            batchLimit = max(1, min(size, batchLimit))
            return .now
        case .sendUncompressed:
            gzip = false
            return .now
        case .retryLater(_, _, let retryAfter):
            return .after(backoff.nextDelay(honouring: retryAfter, using: &random))
        }
    }
}
