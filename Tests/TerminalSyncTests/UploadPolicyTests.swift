import RatingWire
import TerminalSync
import Testing

struct UploadPolicyTests {
    func batch(_ seqs: ClosedRange<Int64>, unsent: Int) -> PendingBatch {
        PendingBatch(storeID: "store-1", ratings: seqs.map(sampleRating), unsentCount: unsent)
    }

    func ack(_ through: Int64) -> UploadDecision {
        .acknowledged(UploadReply(storeID: "store-1", ackedThrough: through, rejected: []))
    }

    @Test func anAcknowledgementDrainsAtOnceOrGoesIdleAndResetsTheBackoff() {
        var policy = UploadPolicy(maxBatch: 500, gzip: true, backoff: Backoff())
        var random = FixedRandom(value: .max)
        _ = policy.afterFailure(using: &random)
        _ = policy.afterFailure(using: &random)
        #expect(policy.backoff.failures == 2)
        #expect(policy.after(ack(500), to: batch(1...500, unsent: 1_234), using: &random) == .now)
        #expect(policy.backoff.failures == 0)
        #expect(policy.after(ack(3), to: batch(1...3, unsent: 3), using: &random) == .idle)
        #expect(policy.after(ack(2), to: batch(1...3, unsent: 3), using: &random) == .now, "seq 3 is still unsent")
    }

    @Test func anAcknowledgementOfNothingBacksOffInsteadOfSpinning() {
        var policy = UploadPolicy(maxBatch: 500, gzip: true, backoff: Backoff(base: .seconds(1), cap: .seconds(300)))
        var random = FixedRandom(value: .max)
        #expect(policy.after(ack(0), to: batch(1...3, unsent: 3), using: &random) == .after(.seconds(1)))
        #expect(policy.after(ack(0), to: batch(1...3, unsent: 3), using: &random) == .after(.seconds(2)))
    }

    @Test func tooLargeHalvesTheLimitUntilTheQueueIsEmpty() {
        var policy = UploadPolicy(maxBatch: 500, gzip: true, backoff: Backoff())
        var random = FixedRandom(value: 1)
        #expect(policy.after(.shrinkBatch(to: 250), to: batch(1...500, unsent: 900), using: &random) == .now)
        #expect(policy.batchLimit == 250)
        #expect(policy.after(ack(250), to: batch(1...250, unsent: 900), using: &random) == .now)
        #expect(policy.batchLimit == 250, "the size that fit stays while the backlog drains")
        policy.queueEmpty()
        #expect(policy.batchLimit == 500)
        #expect(UploadPolicy(maxBatch: 0, gzip: true, backoff: Backoff()).batchLimit == 1)
    }

    @Test func unsupportedMediaTypeTurnsGzipOffAndRetriesAtOnce() {
        var policy = UploadPolicy(maxBatch: 500, gzip: true, backoff: Backoff())
        var random = FixedRandom(value: 1)
        #expect(policy.after(.sendUncompressed, to: batch(1...2, unsent: 2), using: &random) == .now)
        #expect(!policy.gzip)
    }

    @Test func retryLaterWaitsAtLeastRetryAfterAndGrowsTheBackoff() {
        var policy = UploadPolicy(maxBatch: 500, gzip: true, backoff: Backoff(base: .seconds(1), cap: .seconds(300)))
        var lowest = FixedRandom(value: 1)
        let busy = UploadDecision.retryLater(.busy, reason: "HTTP 503", retryAfter: .seconds(9))
        #expect(policy.after(busy, to: batch(1...2, unsent: 2), using: &lowest) == .after(.seconds(9)))
        var highest = FixedRandom(value: .max)
        let failed = UploadDecision.retryLater(.serverError, reason: "HTTP 500", retryAfter: nil)
        #expect(policy.after(failed, to: batch(1...2, unsent: 2), using: &highest) == .after(.seconds(2)))
        #expect(policy.backoff.failures == 2)
    }
}
