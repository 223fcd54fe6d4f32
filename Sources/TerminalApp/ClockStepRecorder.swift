import Logging
import RatingCore
import TerminalStore

/// Keeps a `clock` device event each time the board's wall clock is set (DESIGN.md: clock steps are
/// written as anchor rows and uploaded like ratings).
///
/// The event's time is the device's three numbers right after the step; when the clock is then
/// synchronised, the collector places every earlier unsynchronised record of the same boot from it,
/// even if the terminal is switched off before its next upload.
public struct ClockStepRecorder: Sendable {
    /// The device event kind.
    public static let kind = "clock"

    let store: RatingStore
    let clock: any DeviceClock
    let logger: Logger
    /// Called after each event is stored (wakes the uploader).
    let onRecorded: @Sendable () -> Void

    public init(store: RatingStore, clock: any DeviceClock, logger: Logger, onRecorded: @escaping @Sendable () -> Void) {
        self.store = store
        self.clock = clock
        self.logger = logger
        self.onRecorded = onRecorded
    }

    /// Records one event per element of `steps` until it finishes; a store error is logged and the next step is recorded again.
    public func run(steps: AsyncStream<Void>) async {
        var before = clock.now()
        for await _ in steps {
            let after = clock.now()
            let event = Self.event(before: before, after: after)
            before = after
            do {
                _ = try await store.recordDeviceEvent(event)
                logger.info("wall clock set", metadata: ["detail": "\(event.detail)"])
                onRecorded()
            } catch {
                logger.warning("wall clock set, but its event could not be stored", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The event for a step seen between two readings: by how much the wall clock moved against the
    /// monotonic clock (ms, negative when set back) and whether it is synchronised now.
    public static func event(before: DeviceTime, after: DeviceTime) -> DeviceEvent {
        let offsetBefore = before.wallMillis - Int64(clamping: before.monotonicNanos / 1_000_000)
        let offsetAfter = after.wallMillis - Int64(clamping: after.monotonicNanos / 1_000_000)
        let (step, overflow) = offsetAfter.subtractingReportingOverflow(offsetBefore)
        // Compact, keys sorted: the collector compares a replayed event's detail as text.
        let detail = "{\"step_ms\":\(overflow ? 0 : step),\"synced\":\(after.clockSynced)}"
        return DeviceEvent(kind: kind, detail: detail, time: after)
    }
}
