import Foundation
import TerminalHardware
import Testing

struct SystemDeviceClockTests {
    @Test func readsTheKernelBootIDWallAndMonotonicTime() throws {
        let clock = SystemDeviceClock()
        let kernel = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
        #expect(clock.bootID == kernel.trimmingCharacters(in: .whitespacesAndNewlines))
        let first = clock.now()
        let second = clock.now()
        #expect(second.monotonicNanos >= first.monotonicNanos)
        let foundation = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(abs(first.wallMillis - foundation) < 1_000)
        #expect(first.bootID == clock.bootID)
    }

    @Test func everyClockOfTheProcessReportsTheSameBoot() {
        #expect(SystemDeviceClock().bootID == SystemDeviceClock().bootID)
        #expect(SystemDeviceClock().bootID.count == 36, "a UUID as the kernel prints it")
    }

    @Test func monotonicClockAgreesWithTheSystemsUptime() throws {
        // /proc/uptime is CLOCK_BOOTTIME; on a machine that has not suspended it matches
        // CLOCK_MONOTONIC to well within a minute, while a wrong clock would be far off.
        let uptime = try String(contentsOfFile: "/proc/uptime", encoding: .utf8)
        let seconds = try #require(uptime.split(separator: " ").first.flatMap { Double($0) })
        let monotonic = Double(MonotonicClock.now().nanoseconds) / 1e9
        #expect(monotonic <= seconds + 1)
        #expect(seconds - monotonic < 60)
    }
}
