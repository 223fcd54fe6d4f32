import ArgumentParser
import Foundation
import Logging
import RatingCore
import TerminalApp

/// `rating-terminal demo`: collector + terminal on this machine, simulated buttons and display.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole system on this machine: a collector on 127.0.0.1 and a terminal with keyboard buttons and a console display.",
        discussion: "Interactive: press 1-5 to rate, q to quit. With --presses it runs unattended.")

    @Option(help: "Press these buttons unattended, e.g. 5,4,1,3.", transform: DemoCommand.parseScores)
    var presses: [Score]?

    @Flag(help: "After the presses, wait until the collector acknowledged every rating, print one summary line and exit.")
    var untilSynced = false

    @Option(help: "Seconds between unattended presses (default: just over the 5 s response interval).")
    var pace: Double?

    @Option(help: "The demo's state folder (re-created on each run).")
    var stateDir = "demo-state"

    @Option(help: "Seconds --until-synced waits before giving up (exit status 3).")
    var timeout: Double = 120

    @Flag(inversion: .prefixedNo, help: "Open the collector's dashboard in the desktop's browser (when there is a desktop and xdg-open).")
    var open = true

    static func parseScores(_ text: String) throws -> [Score] {
        try text.split(separator: ",").map { part in
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), let score = Score(value) else {
                throw ValidationError("--presses takes buttons 1-5 separated by commas, e.g. 5,4,1,3; '\(part)' is not one")
            }
            return score
        }
    }

    func validate() throws {
        if untilSynced && presses == nil { throw ValidationError("--until-synced needs --presses") }
        if let pace, pace < 0 { throw ValidationError("--pace must be zero or more seconds") }
    }

    func run() async throws {
        var logger = Logger(label: "rating-terminal.demo")
        // The console display owns the screen: only warnings and errors are logged (to stderr).
        logger.logLevel = .warning
        let options = Demo.Options(presses: presses, untilSynced: untilSynced, pace: pace.map { .milliseconds(Int64($0 * 1000)) },
                                   stateFolder: stateDir, syncTimeout: .milliseconds(Int64(timeout * 1000)))
        if presses == nil {
            print("rating-terminal demo: press 1-5 to rate, q to quit")
        }
        do {
            let openBrowser = open && presses == nil
            let demo = Demo(options: options, logger: logger) { collectorURL in
                // Straight to the descriptor: print's buffer would hold the line back behind the console display's frames.
                FileHandle.standardOutput.write(Data("rating-terminal demo: dashboard at \(collectorURL)/ while the demo runs\n".utf8))
                // Interactive demo only: an unattended run (tests, --presses) never starts a browser.
                if openBrowser { _ = BrowserOpener.open(collectorURL + "/") }
            }
            let summary = try await demo.run()
            print(summary)
        } catch let error as DemoError {
            if case .notSynced = error {
                FileHandle.standardError.write(Data("rating-terminal demo: \(error)\n".utf8))
                throw ExitStatus.demoTimedOut
            }
            throw reportFailure(error, command: "demo")
        } catch {
            throw reportFailure(error, command: "demo")
        }
    }
}
