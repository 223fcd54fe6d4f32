import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RatingWire
import Testing

@Suite("Per-device rate limit on POST /v1/batches")
struct RateLimitTests {
    @Test func bucketAllowsTheBurstThenRefusesUntilATokenIsDue() {
        var bucket = TokenBucket(limit: .init(batchesPerSecond: 0.5, burst: 3), now: .seconds(100))
        for _ in 1...3 { #expect(bucket.take(now: .seconds(100)) == .allowed) }
        #expect(bucket.take(now: .seconds(100)) == .refused(retryAfterSeconds: 2))
        #expect(bucket.take(now: .milliseconds(101_500)) == .refused(retryAfterSeconds: 1))
        #expect(bucket.take(now: .seconds(102)) == .allowed)
        #expect(bucket.take(now: .seconds(102)) == .refused(retryAfterSeconds: 2))
        // A long quiet spell refills only up to the burst.
        for _ in 1...3 { #expect(bucket.take(now: .seconds(1_000)) == .allowed) }
        #expect(bucket.take(now: .seconds(1_000)) == .refused(retryAfterSeconds: 2))
    }

    @Test func retryAfterIsAWholeSecondAtLeast() {
        var bucket = TokenBucket(limit: .init(batchesPerSecond: 50, burst: 1), now: .zero)
        #expect(bucket.take(now: .zero) == .allowed)
        #expect(bucket.take(now: .zero) == .refused(retryAfterSeconds: 1))
        #expect(bucket.take(now: .milliseconds(20)) == .allowed)
        // A clock that steps back refills nothing.
        #expect(bucket.take(now: .milliseconds(10)) == .refused(retryAfterSeconds: 1))
    }

    @Test func badLimitsAreNamed() {
        #expect(TokenBucket.Limit(batchesPerSecond: 0, burst: 1).problem != nil)
        #expect(TokenBucket.Limit(batchesPerSecond: 1, burst: 0).problem != nil)
        #expect(TokenBucket.Limit(batchesPerSecond: .infinity, burst: 1).problem != nil)
        #expect(TokenBucket.Limit(batchesPerSecond: 1, burst: 10).problem == nil)
    }

    @Test(arguments: Backend.allCases) func overTheBudgetIs429WithRetryAfterUntilTheClockMoves(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        let clock = ManualClock()
        let limiter = DeviceRateLimiter(limit: .init(batchesPerSecond: 1, burst: 3), now: { clock.now() })
        try await fixture.withServer(logger: quietLogger, rateLimiter: limiter) { client in
            // Forged requests (wrong secret) fail authentication and spend none of the device's budget.
            for _ in 1...5 {
                #expect(try await client.postBatch(batch([rating(1)]), secret: DeviceSecret.random()).status == .unauthorized)
            }
            for seq in Int64(1)...3 {
                #expect(try await client.postBatch(batch([rating(seq)]), secret: secret).status == .ok)
            }
            let refused = try await client.postBatch(batch([rating(4)]), secret: secret)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(try refused.errorReason().contains("retry after 1 s"))
            #expect(try await client.getJSON("/v1/ratings", as: RatingsPage.self).ratings.map(\.seq) == [1, 2, 3])
            clock.advance(by: .seconds(1))
            #expect(try await client.postBatch(batch([rating(4)]), secret: secret).status == .ok)
            #expect(try await client.postBatch(batch([rating(5)]), secret: secret).status == .tooManyRequests)
            #expect(try await client.getJSON("/v1/ratings", as: RatingsPage.self).ratings.map(\.seq) == [1, 2, 3, 4])
        }
    }
}
