import CLinuxShim
import Foundation
import RatingCore

/// The monotonic clock: `CLOCK_MONOTONIC`, the clock libgpiod's edge events are stamped with by default.
public enum MonotonicClock {
    /// Now, in nanoseconds since boot.
    public static func now() -> MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }
}

/// The board's clocks: wall time, boot id, monotonic time and whether NTP has synchronised the wall clock.
public struct SystemDeviceClock: DeviceClock {
    /// The kernel's id of this boot, read once.
    public let bootID: String

    public init() {
        bootID = Self.readBootID()
    }

    public func now() -> DeviceTime {
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let millis = Int64(wall.tv_sec) * 1000 + Int64(wall.tv_nsec) / 1_000_000
        return DeviceTime(wallMillis: millis, bootID: bootID, monotonicNanos: MonotonicClock.now().nanoseconds,
                          clockSynced: Self.isWallClockSynchronised())
    }

    /// Synchronised when the kernel's NTP state is not `TIME_ERROR` and `STA_UNSYNC` is clear
    /// (what `timedatectl` reports as "System clock synchronized").
    public static func isWallClockSynchronised() -> Bool {
        clinuxshim_clock_is_synchronised() == 1
    }

    private static func readBootID() -> String {
        if let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) {
            let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !id.isEmpty { return id }
        }
        // Without /proc (a chroot, a container) a random id per process keeps ratings of
        // different runs apart; the collector then treats each run as its own boot.
        return "process-" + UUID().uuidString.lowercased()
    }
}
