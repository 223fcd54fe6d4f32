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
}
