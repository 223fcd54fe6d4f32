import CLinuxShim
import Foundation

/// Tells when the board's wall clock is set: NTP stepping it after boot, `date -s`, an RTC read late.
///
/// A `CLOCK_REALTIME` timerfd armed with `TFD_TIMER_CANCEL_ON_SET` far in the future never fires by
/// itself; the kernel cancels it whenever the clock is set, which makes it readable. One watcher
/// thread sleeps in `poll()` on it: no periodic wake-ups. Slewing (small NTP corrections) is not a step.
public final class ClockStepWatcher: Sendable {
    /// One element each time the clock was set (several quick steps may arrive as one).
    public let steps: AsyncStream<Void>
    private let watcher: FileDescriptorWatcher

    /// Starts watching; throws ``HardwareError/system(operation:errno:)`` if the kernel refuses the timer.
    public init() throws {
        let fd = clinuxshim_clock_step_timerfd()
        guard fd >= 0 else { throw HardwareError.system(operation: "timerfd_create(CLOCK_REALTIME, cancel on set)", errno: errno) }
        let (steps, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        do {
            watcher = try FileDescriptorWatcher(fd: fd, onReadable: {
                switch clinuxshim_clock_step_read(fd) {
                case 1:
                    continuation.yield()
                    return clinuxshim_clock_step_rearm(fd) == 0
                case 0:
                    return true
                default:
                    return false
                }
            }, onEnd: {
                // Closed by the watcher's own thread once it has left its poll loop, so the number is
                // never reused while that thread could still poll it.
                close(fd)
                continuation.finish()
            })
        } catch {
            close(fd)
            throw error
        }
        self.steps = steps
    }

    /// Stops the watcher thread; ``steps`` finishes.
    public func stop() {
        watcher.stop()
    }

    deinit {
        watcher.stop()
    }
}
