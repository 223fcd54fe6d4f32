import Foundation
import Glibc

/// Where an export goes: standard output, or a file written as `FILE.partial`, synced and renamed,
/// so a stick pulled out early never holds a file that looks complete.
final class ExportSink {
    private let path: String?
    private let descriptor: Int32
    /// Set once the descriptor is closed, so it is never closed twice (a reused number could be someone else's).
    private var closed = false

    init(path: String?) throws {
        self.path = path
        guard let path else {
            descriptor = STDOUT_FILENO
            return
        }
        let partial = path + ".partial"
        descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ExportSinkError(path: partial, operation: "create", code: errno) }
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw ExportSinkError(path: (path.map { $0 + ".partial" }) ?? "standard output", operation: "write", code: errno) }
            offset += written
        }
    }

    private func closeOnce() {
        guard !closed else { return }
        closed = true
        close(descriptor)
    }

    /// Removes the unfinished file after a failure (a no-op for standard output).
    func abandon() {
        guard let path else { return }
        closeOnce()
        unlink(path + ".partial")
    }

    /// Makes the file durable and gives it its name (a no-op for standard output).
    func finish() throws {
        guard let path else { return }
        let partial = path + ".partial"
        guard fsync(descriptor) == 0 else { throw ExportSinkError(path: partial, operation: "sync", code: errno) }
        closeOnce()
        guard rename(partial, path) == 0 else { throw ExportSinkError(path: path, operation: "rename \(partial) to", code: errno) }
        // The rename itself is durable only once the directory is synced.
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }
}

/// The export file could not be written.
struct ExportSinkError: Error, CustomStringConvertible {
    var path: String
    var operation: String
    var code: Int32
    var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code))) (is the stick mounted read-write and not full?)"
    }
}
