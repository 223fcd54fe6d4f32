import ArgumentParser
import CollectorCore
import Foundation
import RatingWire

/// `rating-collector import FILE [--db …]`: loads a terminal's export (the USB-stick path).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a terminal's export file ('rating-terminal export --format jsonl'); importing twice adds nothing.",
        discussion: """
            The file's signature is checked with the device's secret held in the database, so an edited \
            file is refused as a whole. Records are stored like uploads, under the same keys; the report \
            says how many were added, already held, or set aside (see GET /v1/conflicts).
            Exit status: 0 imported; 1 operational error (database); 2 the file is refused (not an export, \
            damaged, cut short, signature wrong, device unknown); 64 usage error.
            """)

    /// Exit status when the file is refused.
    static let refused = ExitCode(2)

    @Argument(help: "The export file (JSON lines).")
    var file: String

    @Option(help: "The database: sqlite:PATH or postgres://USER@HOST[:PORT]/DBNAME.")
    var db: String = RatingCollector.defaultDatabase

    func validate() throws {
        _ = try Failure.location(db)
    }

    func run() async throws {
        let location = try Failure.location(db)
        guard let data = FileManager.default.contents(atPath: file) else {
            Failure.report("cannot read \(file): check the path and that the stick is mounted")
            throw Self.refused
        }
        let export: ParsedExport
        do {
            export = try ParsedExport(bytes: Array(data))
        } catch {
            Failure.report("\(file): \(error)")
            throw Self.refused
        }
        let report = try await Failure.operational { () async throws -> ImportReport in
            do {
                return try await location.withStorage { storage in
                    try await ExportImport.run(export, storage: storage, receivedAtMillis: collectorWallMillisNow())
                }
            } catch let refusal as ExportImportError {
                Failure.report("\(file): \(refusal)")
                throw Self.refused
            }
        }
        print("imported \(file)\n" + report.text)
    }
}
