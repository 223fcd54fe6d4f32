import EventTimer
import Foundation

/// systemd's watchdog (`WatchdogSec=` in the unit): `WATCHDOG=1` to `$NOTIFY_SOCKET` every
/// half period, but only while the terminal says it is healthy; a hung main loop stops the
/// pings and systemd restarts the service.
public struct SystemdWatchdog: Sendable {
    /// Time between pings: half the period systemd gave in `WATCHDOG_USEC`.
    public let interval: Duration

    /// The watchdog systemd asked for, or `nil` when it asked for none (no `WATCHDOG_USEC`, or
    /// `WATCHDOG_PID` names another process).
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], pid != String(getpid()) { return nil }
        interval = .microseconds(microseconds / 2)
    }

    /// Pings until the task is cancelled; each ping first asks `isHealthy` (which must answer
    /// promptly: it runs on the main loop, so a stuck loop never answers and no ping is sent).
    public func run(environment: [String: String] = ProcessInfo.processInfo.environment,
                    isHealthy: @escaping @Sendable () async -> Bool) async {
        while !Task.isCancelled {
            if await isHealthy() { SystemdNotifier.notify("WATCHDOG=1", environment: environment) }
            do { try await EventTimer.shared.sleep(for: interval) } catch { return }
        }
    }
}
