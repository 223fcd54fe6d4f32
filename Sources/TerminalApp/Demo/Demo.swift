import Foundation
import Logging
import RatingCore
import TerminalHardware

/// `rating-terminal demo`: the whole system on one machine.
///
/// Starts the real collector on 127.0.0.1 (a free port, state in the demo
/// folder), registers the demo terminal, writes the terminal's config file
/// there, and runs the terminal on its embedded defaults with simulated
/// buttons and the console display.
public struct Demo: Sendable {
    /// What the demo should do.
    public struct Options: Sendable {
        /// Presses to make unattended; `nil` = interactive (keyboard, or stdin lines when not a terminal).
        public var presses: [Score]?
        /// After the presses, wait until the collector acknowledged every rating.
        public var untilSynced: Bool
        /// Time between unattended presses; `nil` = just over the response interval, as a customer would.
        public var pace: Duration?
        /// The demo folder (re-created on each run).
        public var stateFolder: String
        /// How long `untilSynced` waits.
        public var syncTimeout: Duration

        public init(presses: [Score]?, untilSynced: Bool, pace: Duration?, stateFolder: String, syncTimeout: Duration) {
            self.presses = presses
            self.untilSynced = untilSynced
            self.pace = pace
            self.stateFolder = stateFolder
            self.syncTimeout = syncTimeout
        }
    }

    /// How it went.
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var stored: Int
        public var acknowledged: Int
        public var collectorURL: String
        public var storeID: String

        public var description: String {
            "demo: \(stored) ratings stored, \(acknowledged) acknowledged by the collector at \(collectorURL), " +
                "\(stored - acknowledged) waiting (store \(storeID))"
        }
    }

    public let options: Options
    public let logger: Logger
    /// Called with the collector's base URL (`http://127.0.0.1:PORT`) once it listens, before the terminal starts.
    public let onCollectorReady: @Sendable (String) -> Void

    public init(options: Options, logger: Logger, onCollectorReady: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.logger = logger
        self.onCollectorReady = onCollectorReady
    }

    /// Runs the demo; throws `DemoError.notSynced` when `untilSynced` timed out.
    public func run() async throws -> Summary {
        let folder = try DemoFolder.prepare(options.stateFolder)
        let log = try DemoFolder.openLog(folder.appendingPathComponent("collector.log").path)
        let binary = try CollectorProcess.locateBinary()
        let database = folder.appendingPathComponent("collector.sqlite").path
        let secret = try CollectorProcess.addDevice(binary: binary, database: database, deviceID: DemoFolder.deviceID, log: log)
        try DemoFolder.writeSecret(secret, to: folder.appendingPathComponent("secret").path)
        let collector = try await CollectorProcess.start(binary: binary, database: database, log: log)
        defer { collector.stop() }
        onCollectorReady(collector.baseURL)

        let configPath = try DemoFolder.writeConfig(in: folder, collectorURL: collector.baseURL, interactive: options.presses == nil)
        let config = try TerminalConfig.load(path: configPath)
        let runtime = try TerminalRuntime(config: config, logger: logger)
        let background = Task { await runtime.runBackground() }
        defer { background.cancel() }

        let keypad = try keypad(for: config, clock: runtime.clock)
        let display = ConsoleDisplay(size: config.display.size)
        _ = await runtime.runPressLoop(keypad: keypad, display: display)
        keypad.close()

        if options.untilSynced {
            try await waitUntilSynced(runtime)
        }
        let status = try await runtime.store.status()
        return Summary(stored: status.totalKept, acknowledged: status.totalKept - status.unsentCount,
                       collectorURL: collector.baseURL, storeID: status.storeID)
    }

    private func keypad(for config: TerminalConfig, clock: any DeviceClock) throws -> any Keypad {
        if let presses = options.presses {
            let pace = options.pace ?? .seconds(config.session.responseIntervalSeconds) + .milliseconds(500)
            return ScriptedKeypad(scores: presses, pace: pace, clock: clock)
        }
        return try DeviceFactory.keypad(for: config)
    }

    /// Awaits the acknowledgement events until nothing is unsent, or the timeout passes.
    private func waitUntilSynced(_ runtime: TerminalRuntime) async throws {
        let timeout = options.syncTimeout
        let synced = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                // Each acknowledgement is only a cue: the store is the truth (a buffered cue may be stale).
                var cues = runtime.queue.acknowledgements.makeAsyncIterator()
                while true {
                    if (try? await runtime.store.unsentCount()) == 0 { return true }
                    guard await cues.next() != nil else { return false }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !synced {
            let status = try await runtime.store.status()
            throw DemoError.notSynced(stored: status.totalKept, acknowledged: status.totalKept - status.unsentCount,
                                      after: Int(timeout.components.seconds))
        }
    }
}
