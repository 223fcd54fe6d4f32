import CLinuxShim
import Foundation
import RatingCore

/// The board's clocks: wall time, boot id, monotonic time and whether NTP has synchronised the wall clock.
///
/// Cheap enough for every press: two `clock_gettime` calls (vDSO) and one `adjtimex`
/// system call; the boot id is read from `/proc` once per process.
public struct SystemDeviceClock: DeviceClock {
    /// The kernel's id of this boot (`/proc/sys/kernel/random/boot_id`), read once per process.
    public let bootID: String

    /// Read once per process: every clock of a process reports the same boot.
    private static let processBootID: String = readBootID()

    public init() {
        bootID = Self.processBootID
    }

    /// Wall time (`CLOCK_REALTIME`, ms), the boot id, monotonic time and the NTP state, sampled now.
    public func now() -> DeviceTime {
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let millis = Int64(wall.tv_sec) * 1000 + Int64(wall.tv_nsec) / 1_000_000
        return DeviceTime(wallMillis: millis, bootID: bootID, monotonicNanos: MonotonicClock.now().nanoseconds,
                          clockSynced: Self.isWallClockSynchronised())
    }

    /// Synchronised when `adjtimex` (read-only: `modes` = 0) does not return `TIME_ERROR` and
    /// `STA_UNSYNC` is clear: the kernel's own view, set by chrony/ntpd/systemd-timesyncd and
    /// what `timedatectl` reports as "System clock synchronized". A clock set once by hand
    /// (`date -s`) without an NTP daemon counts as not synchronised.
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
