import RatingCore
import TerminalApp
import Testing

struct ClockStepRecorderTests {
    func time(wall: Int64, monoSeconds: UInt64, synced: Bool) -> DeviceTime {
        DeviceTime(wallMillis: wall, bootID: "boot-1", monotonicNanos: monoSeconds * 1_000_000_000, clockSynced: synced)
    }

    @Test func aStepFrom1970ToTheTrueTimeIsMeasuredAgainstTheMonotonicClock() {
        // Booted believing it was 1970; 95 s later NTP set the clock to 2026-11-23 08:01:35.
        let before = time(wall: 90_000, monoSeconds: 90, synced: false)
        let after = time(wall: 1_795_420_895_000, monoSeconds: 95, synced: true)
        let event = ClockStepRecorder.event(before: before, after: after)
        #expect(event.kind == "clock")
        #expect(event.detail == #"{"step_ms":1795420800000,"synced":true}"#)
        #expect(event.time == after, "the anchor is the reading after the step")
    }

    @Test func aClockSetBackIsANegativeStep() {
        let event = ClockStepRecorder.event(before: time(wall: 1_000_000, monoSeconds: 10, synced: false),
                                            after: time(wall: 940_000, monoSeconds: 20, synced: false))
        #expect(event.detail == #"{"step_ms":-70000,"synced":false}"#)
    }
}
