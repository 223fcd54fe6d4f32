import Foundation

/// One non-blocking TCP connection exchanging text lines, used from a single thread.
/// Every wait is a `poll()` that also watches a `WakePipe`: a wake-up is drained, then
/// ends the wait with `TCPConnectionError.cancelled` when `isCancelled()` says so.
final class TCPLineConnection {
    private let fd: Int32
    private let wake: WakePipe
    private let isCancelled: () -> Bool
    private var pending: [UInt8] = []

    /// Connects to `host:port`, giving up after `timeoutMs`.
    init(host: String, port: Int, timeoutMs: Int32, wake: WakePipe, isCancelled: @escaping () -> Bool) throws {
        self.wake = wake
        self.isCancelled = isCancelled
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw TCPConnectionError(message: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw TCPConnectionError(message: "socket() failed: \(String(cString: strerror(errno)))") }
        do {
            if Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
                let code = errno
                guard code == EINPROGRESS else { throw TCPConnectionError(errno: code, host: host, port: port) }
                _ = try waitFor(Int16(POLLOUT), timeoutMs: timeoutMs, returnOnWake: false)
                var soError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
                guard soError == 0 else { throw TCPConnectionError(errno: soError, host: host, port: port) }
            }
        }
        // No close on the throwing paths above: `self` is fully initialised by then, so Swift
        // runs deinit, which closes `fd`. Closing here too closed the descriptor twice; the
        // second close hit whatever file had reused the number meanwhile (a flaky pty test).
    }

    deinit { Glibc.close(fd) }

    /// Sends `line` and a newline. `MSG_NOSIGNAL`: a peer that went away is an error, not SIGPIPE.
    func send(_ line: String, timeoutMs: Int32) throws {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent >= 0 { offset += sent; continue }
            let code = errno
            guard code == EAGAIN || code == EINTR else { throw TCPConnectionError(message: "send failed: \(String(cString: strerror(code)))") }
            _ = try waitFor(Int16(POLLOUT), timeoutMs: timeoutMs, returnOnWake: false)
        }
    }

    /// The next complete line (without its newline), waiting up to `timeoutMs` (-1: for ever);
    /// `nil` when `returnOnWake` and the wake pipe fired. Throws `LCDprocError.closedByServer` at EOF.
    func readLine(timeoutMs: Int32, returnOnWake: Bool = false) throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            guard try waitFor(Int16(POLLIN), timeoutMs: timeoutMs, returnOnWake: returnOnWake) else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { throw LCDprocError.closedByServer }
            if count < 0 {
                let code = errno
                if code == EAGAIN || code == EINTR { continue }
                throw TCPConnectionError(message: "receive failed: \(String(cString: strerror(code)))")
            }
            pending += buffer[0..<count]
        }
    }

    /// `true` once the socket has `events` (or a hang-up/error); `false` when the wake pipe fired
    /// and `returnOnWake`. Throws when the time is up or the owner cancelled.
    private func waitFor(_ events: Int16, timeoutMs: Int32, returnOnWake: Bool) throws -> Bool {
        while true {
            var polled = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&polled, 2, timeoutMs)
            if ready < 0 {
                if errno == EINTR { continue }
                throw TCPConnectionError(message: "poll failed: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { throw TCPConnectionError(message: "no answer within \(timeoutMs) ms") }
            if polled[1].revents != 0 {
                wake.drain()
                if isCancelled() { throw TCPConnectionError.cancelled }
                if returnOnWake { return false }
                continue
            }
            return true
        }
    }
}

/// A TCP connection could not be made or used.
struct TCPConnectionError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }

    /// The owner stopped the connection.
    static let cancelled = TCPConnectionError(message: "the display was closed")

    init(message: String) { self.message = message }

    init(errno code: Int32, host: String, port: Int) {
        message = "cannot connect to \(host):\(port): \(String(cString: strerror(code)))"
    }
}
