import ArgumentParser
import Foundation
import TerminalApp
import TerminalStore

/// `rating-terminal status [--config PATH] [--json]`: queue depth, last upload, store id.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the queue of unsent ratings, the last upload, the store id, the clock and whether the config file is in effect.")

    @Option(help: "The config file.")
    var config: String = TerminalConfig.defaultPath

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        do {
            let settings = try TerminalConfig.load(path: config)
            let store = try RatingStore(path: settings.storage.path)
            let status = try await TerminalStatus.read(store, configPath: config)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                // snake_case throughout, like the wire format (StoreStatus's Swift names are camelCase).
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                print(StatusText.describe(status.store, clock: status.clock))
                if let storage = status.store.storage {
                    print(StorageText.line(storage, folder: (status.store.path as NSString).deletingLastPathComponent))
                }
                print(status.configLine)
                print(status.selfTestLine)
                status.damageLines.forEach { print($0) }
            }
        } catch {
            throw reportFailure(error, command: "status")
        }
    }
}
