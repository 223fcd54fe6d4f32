import ArgumentParser
import Foundation
import Logging
import RatingCore
import TerminalApp

/// `rating-terminal run`: the daemon systemd starts.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the terminal (the daemon systemd starts).")

    @Option(help: "The config file.")
    var config: String = TerminalConfig.defaultPath

    @Flag(help: "Also log debug details, such as each press's timings (press to commit, press to thank-you).")
    var verbose = false

    func run() async throws {
        var logger = Logger(label: "rating-terminal")
        logger.logLevel = verbose ? .debug : .info
        do {
            let settings = try TerminalConfig.load(path: config)
            let keypad = try DeviceFactory.keypad(for: settings)
            let display = try DeviceFactory.display(for: settings)
            let runtime = try TerminalRuntime(config: settings, logger: logger)
            let triggerAPI = try runtime.startTriggerAPI()
            defer { triggerAPI?.close() }
            logger.info("terminal running", metadata: ["device": "\(settings.device.id)", "store": "\(runtime.store.storeID)"])
            // Buttons, display and store are open, and edge detection is armed: only now is a press seen.
            ReadinessReport.announce(config: settings, storeID: runtime.store.storeID, logger: logger)
            recordRunningConfig(settings, clock: runtime.clock, logger: logger)
            let background = Task { await runtime.runBackground() }
            let loop = runtime.makePressLoop(display: display)
            // Pings only while the loop answers and is not stuck on one input for half the period.
            let watchdog = SystemdWatchdog().map { watchdog in
                Task { await watchdog.run { await loop.isHealthy(stuckAfter: watchdog.interval) } }
            }
            defer { watchdog?.cancel() }
            let (ending, stopped) = await withSignalCancellation { await loop.run(keypad: keypad, triggers: triggerAPI?.triggers) }
            keypad.close()
            if ending == .inputEnded && !stopped {
                // The keypad's input ended (stdin EOF): keep uploading until stopped by a signal.
                logger.notice("keypad input ended; uploads continue until the service is stopped")
                // Why the handler: cancelling the task that awaits `background` does not cancel
                // `background` itself, so SIGTERM went unanswered here.
                _ = await withSignalCancellation {
                    await withTaskCancellationHandler { await background.value } onCancel: { background.cancel() }
                }
            }
            background.cancel()
            await display.close()
            if case .keypadFailed(let reason) = ending { throw KeypadFailure(reason: reason) }
        } catch {
            throw reportFailure(error, command: "run")
        }
    }
}

/// Notes which config revision this run uses, for `status` (a failure only costs that line of `status`).
private func recordRunningConfig(_ settings: TerminalConfig, clock: any DeviceClock, logger: Logger) {
    guard let revision = ConfigRevision.of(file: settings.file) else { return }
    let record = RunningConfig(configPath: settings.file, revision: revision, startedWallMillis: clock.now().wallMillis, pid: getpid())
    do {
        try record.write(forStore: settings.storage.path)
    } catch {
        logger.warning("cannot record the running config revision for status", metadata: ["error": "\(error)"])
    }
}

/// Runs `body`, cancelling it on SIGINT or SIGTERM (a systemd stop); returns its result and
/// whether a signal stopped it (then the caller must stop too, not wait for a second signal).
func withSignalCancellation<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> (result: T, signalled: Bool) {
    let task = Task { await body() }
    let signalled = SignalFlag()
    let sources = [SIGINT, SIGTERM].map { signalNumber in
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler {
            signalled.set()
            task.cancel()
        }
        source.resume()
        return source
    }
    defer { sources.forEach { $0.cancel() } }
    let result = await task.value
    return (result, signalled.isSet)
}

/// Set once from a signal handler's queue, read after.
final class SignalFlag: @unchecked Sendable {
    // SAFETY: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
