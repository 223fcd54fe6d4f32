import ArgumentParser
import CollectorCore
import Foundation

/// Operational failures: one line on stderr, exit status 1.
enum Failure {
    /// Prints `rating-collector: error: MESSAGE` to stderr.
    static func report(_ message: String) {
        FileHandle.standardError.write(Data("rating-collector: error: \(message)\n".utf8))
    }

    /// Runs `body`; any error is reported on stderr and becomes exit status 1.
    static func operational<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            report(String(describing: error))
            throw ExitCode.failure
        }
    }

    /// Parses `--db`, as a usage error (64) when it is not an accepted form.
    static func location(_ text: String) throws -> StorageLocation {
        do {
            return try StorageLocation(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
