import Foundation
import RatingCore

/// A tiny HTTP/1.1 server for programs on the same machine (loopback TCP or a Unix socket).
///
/// Why not Hummingbird: its `Application` refreshes a `Date` header cache every second, a
/// wake-up the terminal must not have at idle (see bench/), and it would bring SwiftNIO's
/// threads into the terminal for one tiny endpoint. Here one thread waits in `poll()` on the
/// listening socket (`FileDescriptorWatcher`): no timer, no wake-up while nobody calls.
///
/// Connections are served one at a time on that thread, one request each (`Connection:
/// close`); a client gets `requestTimeoutMs` to send its request and read the answer, so a
/// stalled client delays the next one (or `close()`) by at most that long.
public final class LocalHTTPServer: @unchecked Sendable {
    // SAFETY: every property is a `let`; the listening socket is closed only in the
    // watcher's `onEnd`, after its last use on the watcher's thread.
    /// Where the server listens, with a loopback port 0 resolved to the port the kernel chose.
    public let address: LocalListenAddress
    private let watcher: FileDescriptorWatcher
    /// How long one client may take to send its request and read the answer.
    public static let requestTimeoutMs: Int32 = 2_000

    /// Binds and listens; from now on a request is answered by `handler` (on the server's thread).
    /// Throws `LocalServerError` naming the address (in use, a missing folder, no permission).
    public init(address: LocalListenAddress, handler: @escaping @Sendable (LocalHTTPRequest) -> LocalHTTPResponse) throws(LocalServerError) {
        let listening = try LocalSocket.listen(on: address)
        self.address = listening.address
        let fd = listening.fd
        do {
            watcher = try FileDescriptorWatcher(fd: fd, onReadable: {
                Self.acceptAll(fd, handler: handler)
                return true
            }, onEnd: {
                Glibc.close(fd)
                if case .unixSocket(let path) = listening.address { unlink(path) }
            })
        } catch {
            Glibc.close(fd)
            if case .unixSocket(let path) = listening.address { unlink(path) }
            throw LocalServerError(address: address, operation: "start the server thread", errno: EMFILE)
        }
    }

    deinit { watcher.stop() }

    /// Stops listening (a Unix socket file is removed). Safe to call more than once.
    public func close() { watcher.stop() }

    /// Serves every connection waiting on the (non-blocking) listening socket.
    private static func acceptAll(_ listenFD: Int32, handler: (LocalHTTPRequest) -> LocalHTTPResponse) {
        while true {
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else {
                let code = errno
                // Out of descriptors: the connection stays queued and the socket stays readable,
                // so wait a moment rather than spin (rare; the next call will be served).
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM { usleep(100_000) }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            serve(client, handler: handler)
            Glibc.close(client)
        }
    }

    /// Reads one request within the deadline, answers it, and returns (the caller closes).
    private static func serve(_ client: Int32, handler: (LocalHTTPRequest) -> LocalHTTPResponse) {
        let deadline = MonotonicClock.now() + .milliseconds(Int(requestTimeoutMs))
        var reader = LocalHTTPRequestReader()
        var buffer = [UInt8](repeating: 0, count: 2_048)
        while true {
            guard wait(client, for: Int16(POLLIN), until: deadline) else {
                send(.error(408, "the request did not arrive within \(requestTimeoutMs) ms"), to: client, until: deadline)
                return
            }
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard count > 0 else { return } // the client left
            switch reader.feed(buffer[0..<count]) {
            case .needMore: continue
            case .refused(let response):
                send(response, to: client, until: deadline)
                discardUntilClosed(client, until: deadline)
            case .complete(let request): send(handler(request), to: client, until: deadline)
            }
            return
        }
    }

    private static func send(_ response: LocalHTTPResponse, to client: Int32, until deadline: MonotonicInstant) {
        let bytes = response.wire
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            guard sent < 0, errno == EAGAIN || errno == EINTR, wait(client, for: Int16(POLLOUT), until: deadline) else { return }
        }
        // Tell the client the answer is complete before the close.
        shutdown(client, Int32(SHUT_WR))
    }

    /// Reads and drops what the client still sends (an oversized body) until it closes or the
    /// deadline: closing with unread data makes the kernel send RST, and the client would see
    /// a reset instead of the answer.
    private static func discardUntilClosed(_ client: Int32, until deadline: MonotonicInstant) {
        var scratch = [UInt8](repeating: 0, count: 4_096)
        while wait(client, for: Int16(POLLIN), until: deadline) {
            let count = scratch.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            if count <= 0 { return }
        }
    }

    /// Whether `fd` got `events` (or a hang-up) before `deadline`.
    private static func wait(_ fd: Int32, for events: Int16, until deadline: MonotonicInstant) -> Bool {
        while true {
            let left = deadline.since(MonotonicClock.now()).nanosecondsClamped / 1_000_000
            guard left > 0 else { return false }
            var polled = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&polled, 1, Int32(clamping: left))
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }
}
