import Foundation
import RatingCore

/// The monotonic clock: `CLOCK_MONOTONIC`, the clock libgpiod stamps edge events with by
/// default (`GPIOD_LINE_CLOCK_MONOTONIC` in v2; the kernel's default for v1 since Linux 5.7),
/// so a GPIO press time and `now()` can be compared directly.
public enum MonotonicClock {
    /// Now, in nanoseconds since boot. Never jumps when the wall clock is set.
    public static func now() -> MonotonicInstant {
        var spec = timespec()
        // CLOCK_MONOTONIC cannot fail on Linux (it exists since 2.6 and `spec` is valid memory).
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }
}
