import TerminalSync
import Testing

struct BackoffTests {
    @Test func ceilingsDoubleFromTheBaseUpToTheCap() {
        var backoff = Backoff(base: .seconds(1), cap: .seconds(300))
        var ceilings: [Duration] = []
        var random = FixedRandom(value: 1)
        for _ in 0..<11 {
            ceilings.append(backoff.currentCeiling)
            _ = backoff.nextDelay(using: &random)
        }
        #expect(ceilings == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map { Duration.seconds($0) })
    }

    @Test func jitterSpansZeroToTheCeiling() {
        var lowest = FixedRandom(value: 1)
        var highest = FixedRandom(value: .max)
        var low = Backoff(base: .seconds(1), cap: .seconds(300))
        var high = low
        for failures in 0..<12 {
            let ceiling = Duration.seconds(min(300, 1 << failures))
            #expect(low.nextDelay(using: &lowest) == .zero)
            #expect(high.nextDelay(using: &highest) == ceiling)
        }
    }

    @Test func everyRandomDelayIsWithinZeroAndTheCeilingAndTheyDiffer() {
        var backoff = Backoff()
        var random = SystemRandomNumberGenerator()
        var seen = Set<Duration>()
        for _ in 0..<200 {
            let ceiling = backoff.currentCeiling
            let delay = backoff.nextDelay(using: &random)
            #expect(delay >= .zero && delay <= ceiling)
            #expect(ceiling <= .seconds(300))
            seen.insert(delay)
        }
        #expect(seen.count > 150, "full jitter: delays are spread, not fixed")
    }

    @Test func neverGivesUpNorOverflowsAtHugeFailureCounts() {
        var backoff = Backoff(base: .seconds(1), cap: .seconds(300))
        var random = FixedRandom(value: .max)
        for _ in 0..<100_000 { _ = backoff.nextDelay(using: &random) }
        #expect(backoff.failures == 100_000)
        #expect(backoff.currentCeiling == .seconds(300))
        #expect(backoff.nextDelay(using: &random) == .seconds(300))
        // A base so large that base × 2ⁿ overflows Int64 nanoseconds at once.
        var huge = Backoff(base: .seconds(Int64.max / 4), cap: .seconds(Int64.max))
        for _ in 0..<70 { _ = huge.nextDelay(using: &random) }
        #expect(huge.currentCeiling > .seconds(1_000_000))
        backoff.reset()
        #expect(backoff.failures == 0)
        #expect(backoff.currentCeiling == .seconds(1))
    }

    @Test func retryAfterIsAFloorAndTheBackoffStillGrows() {
        var lowest = FixedRandom(value: 1)
        var backoff = Backoff(base: .seconds(1), cap: .seconds(300))
        #expect(backoff.nextDelay(honouring: .seconds(7), using: &lowest) == .seconds(7))
        #expect(backoff.failures == 1)
        var highest = FixedRandom(value: .max)
        #expect(backoff.nextDelay(honouring: .zero, using: &highest) == .seconds(2), "Retry-After: 0 does not make a tight loop")
        #expect(backoff.nextDelay(honouring: nil, using: &highest) == .seconds(4))
    }

    @Test func retryAfterTakesDeltaSecondsOnly() {
        #expect(RetryAfter.parse("5") == .seconds(5))
        #expect(RetryAfter.parse(" 0 ") == .zero)
        #expect(RetryAfter.parse("\t120") == .seconds(120))
        #expect(RetryAfter.parse("3600") == .seconds(3_600))
        #expect(RetryAfter.parse("999999") == RetryAfter.longest)
        #expect(RetryAfter.parse("99999999999999999999999999") == RetryAfter.longest, "no overflow")
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT") == nil, "HTTP-date: backoff applies")
        #expect(RetryAfter.parse("-1") == nil)
        #expect(RetryAfter.parse("+5") == nil)
        #expect(RetryAfter.parse("1.5") == nil)
        #expect(RetryAfter.parse("") == nil)
        #expect(RetryAfter.parse("  ") == nil)
        #expect(RetryAfter.parse(nil) == nil)
    }
}
