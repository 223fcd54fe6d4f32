import ArgumentParser
import TerminalApp

/// `rating-terminal check-config [PATH]`: validates a config file and summarises it.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a config file; every mistake names file:line and the fix.")

    @Argument(help: "The config file.")
    var path: String = TerminalConfig.defaultPath

    func run() async throws {
        do {
            let config = try TerminalConfig.load(path: path)
            try ConfigFiles.check(config)
            print(ConfigSummary.describe(config))
        } catch {
            throw reportFailure(error, command: "check-config")
        }
    }
}
