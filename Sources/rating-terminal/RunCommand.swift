import ArgumentParser
import Foundation
import Logging
import TerminalApp

/// `rating-terminal run`: the daemon systemd starts.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the terminal (the daemon systemd starts).")

    @Option(help: "The config file.")
    var config: String = TerminalConfig.defaultPath

    func run() async throws {
        var logger = Logger(label: "rating-terminal")
        logger.logLevel = .info
        do {
            let settings = try TerminalConfig.load(path: config)
            let keypad = try DeviceFactory.keypad(for: settings)
            let display = try DeviceFactory.display(for: settings)
            let runtime = try TerminalRuntime(config: settings, logger: logger)
            logger.info("terminal running", metadata: ["device": "\(settings.device.id)", "store": "\(runtime.store.storeID)"])
            // Buttons, display and store are open, and edge detection is armed: only now is a press seen.
            ReadinessReport.announce(config: settings, storeID: runtime.store.storeID, logger: logger)
            let background = Task { await runtime.runBackground() }
            let ending = await withSignalCancellation { await runtime.runPressLoop(keypad: keypad, display: display) }
            keypad.close()
            if case .keypadFailed(let reason) = ending {
                background.cancel()
                await display.close()
                throw KeypadFailure(reason: reason)
            }
            if ending == .inputEnded && !Task.isCancelled {
                // The keypad's input ended (stdin EOF): keep uploading until stopped by a signal.
                logger.notice("keypad input ended; uploads continue until the service is stopped")
                await withSignalCancellation { await background.value }
            }
            background.cancel()
            await display.close()
        } catch {
            throw reportFailure(error, command: "run")
        }
    }
}

/// Runs `body`, cancelling it on SIGINT or SIGTERM (a systemd stop), and returns its result.
func withSignalCancellation<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
    let task = Task { await body() }
    let sources = [SIGINT, SIGTERM].map { signalNumber in
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        return source
    }
    defer { sources.forEach { $0.cancel() } }
    return await task.value
}
