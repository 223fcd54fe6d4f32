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
        let signals = StopSignals()
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
            let (ending, stopped) = await signals.run { await loop.run(keypad: keypad, triggers: triggerAPI?.triggers) }
            keypad.close()
            if ending == .inputEnded && !stopped {
                // The keypad's input ended (stdin EOF): keep uploading until stopped by a signal.
                logger.notice("keypad input ended; uploads continue until the service is stopped")
                // Why the handler: cancelling the task that awaits `background` does not cancel
                // `background` itself, so SIGTERM went unanswered here.
                _ = await signals.run {
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

/// SIGINT and SIGTERM (a systemd stop) for the whole of `run`, installed once: a signal that
/// arrives between two phases (after the keypad's input ended, before uploads-only began) used
/// to meet SIG_IGN with no source watching, and the daemon then only stopped on SIGKILL.
final class StopSignals: @unchecked Sendable {
    // SAFETY: `signalled` and `cancelCurrent` are guarded by `lock`; the sources are set once in init.
    private let lock = NSLock()
    private var signalled = false
    private var cancelCurrent: (@Sendable () -> Void)?
    private var sources: [any DispatchSourceSignal] = []

    init() {
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            return source
        }
    }

    deinit { sources.forEach { $0.cancel() } }

    /// Whether a signal has come.
    var isSet: Bool { lock.withLock { signalled } }

    private func stop() {
        let cancel = lock.withLock { () -> (@Sendable () -> Void)? in
            signalled = true
            return cancelCurrent
        }
        cancel?()
    }

    /// Runs `body`, cancelled when a signal comes (or at once if one came already); returns its
    /// result and whether a signal stopped it (then the caller must stop too, not wait for another).
    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> (result: T, signalled: Bool) {
        let task = Task { await body() }
        let already = lock.withLock { () -> Bool in
            cancelCurrent = { task.cancel() }
            return signalled
        }
        if already { task.cancel() }
        let result = await task.value
        lock.withLock { cancelCurrent = nil }
        return (result, isSet)
    }
}
