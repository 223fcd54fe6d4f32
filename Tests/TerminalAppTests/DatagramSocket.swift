import Foundation

/// A bound AF_UNIX datagram socket standing in for systemd's notify socket: at a file path, or
/// in the abstract namespace (`abstract: true`, `$NOTIFY_SOCKET` then starts with "@").
final class DatagramSocket: @unchecked Sendable {
    // SAFETY: only `fd` (immutable) is shared; recv on one descriptor from any thread is safe.
    let notifySocket: String
    private let fd: Int32

    init(abstract: Bool = false) throws {
        let name = "rating-notify-\(UUID().uuidString.prefix(8))"
        let path = abstract ? name : FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let offset = abstract ? 1 : 0
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index + offset] = byte }
        }
        // Abstract names are exact-length (no terminating NUL); a path includes its NUL.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + offset + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { close(descriptor); throw POSIXError(.EADDRINUSE) }
        fd = descriptor
        notifySocket = abstract ? "@" + name : path
    }

    deinit {
        close(fd)
        if !notifySocket.hasPrefix("@") { unlink(notifySocket) }
    }

    /// The next datagram, or `nil` when none arrives within `timeoutMs`.
    func receive(timeoutMs: Int32) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMs) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    /// `receive` on a thread of its own: a blocking poll() on the cooperative pool would starve
    /// the very tasks (the watchdog) that are to send the datagram.
    func next(timeoutMs: Int32) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.receive(timeoutMs: timeoutMs)) }
        }
    }

    /// `drain` on a thread of its own (see `next`).
    func drained(quietMs: Int32) async -> [String] {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.drain(quietMs: quietMs)) }
        }
    }

    /// Every datagram received until `timeoutMs` passes with none.
    func drain(quietMs: Int32) -> [String] {
        var all: [String] = []
        while let message = receive(timeoutMs: quietMs) { all.append(message) }
        return all
    }
}
