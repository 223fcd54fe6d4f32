import ArgumentParser
import Foundation
import TerminalApp
import TerminalHardware
import TerminalStore

/// `rating-terminal export [--since DATE] [--format csv|jsonl] [--output FILE]`: the store's
/// records to a file, for a terminal that never reaches the network (a USB stick to the office).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the ratings kept on this terminal to a file (jsonl for 'rating-collector import', csv for spreadsheets).",
        discussion: """
            Exports every record still on the terminal, uploaded or not (uploads and imports of the same \
            records never count twice). Ratings made while the clock was not synchronised are always \
            included: their times are only the board's guess. The summary goes to stderr.
            """)

    @Option(help: "The config file.")
    var config: String = TerminalConfig.defaultPath

    @Option(help: "Leave out ratings from before this date: YYYY-MM-DD (terminal time) or 2026-11-01T08:00:00+07:00. Default: all.")
    var since: String?

    @Option(help: "jsonl (signed, for 'rating-collector import') or csv (for spreadsheets).")
    var format: String = ExportFormat.jsonl.rawValue

    @Option(help: "The file to write (written as FILE.partial, synced, then renamed). Default: standard output.")
    var output: String?

    func validate() throws {
        guard ExportFormat(rawValue: format) != nil else { throw ValidationError("--format must be jsonl or csv") }
        if let since {
            do { _ = try ExportSince.parse(since) } catch { throw ValidationError(String(describing: error)) }
        }
    }

    func run() async throws {
        do {
            let settings = try TerminalConfig.load(path: config)
            let secret = try ConfigFiles.check(settings)
            let store = try RatingStore(path: settings.storage.path)
            let selection = ExportSelection(sinceWallMillis: try since.map { try ExportSince.parse($0) })
            let sink = try ExportSink(path: output)
            let counts: ExportCounts
            do {
                counts = try await StoreExport(store: store, deviceID: settings.device.id, selection: selection)
                    .run(ExportFormat(rawValue: format) ?? .jsonl, secret: secret, exportedAt: SystemDeviceClock().now(), write: sink.write)
                try sink.finish()
            } catch {
                sink.abandon()
                throw error
            }
            FileHandle.standardError.write(Data((Self.summary(counts, store: store.storeID, to: output) + "\n").utf8))
        } catch {
            throw reportFailure(error, command: "export")
        }
    }

    static func summary(_ counts: ExportCounts, store: String, to output: String?) -> String {
        var text = "exported \(counts.ratings) ratings, \(counts.amendments) reasons/flags, \(counts.unratedServices) unrated services, \(counts.deviceEvents) device events of store \(store)"
        if let output { text += " to \(output)" }
        if counts.unsyncedRatings > 0 { text += "; \(counts.unsyncedRatings) ratings were made before the clock was synchronised" }
        return text
    }
}
