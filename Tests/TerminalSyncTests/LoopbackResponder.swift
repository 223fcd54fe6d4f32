import Foundation

/// A socket call failed in the test responder; `errno` captured at once.
struct SocketError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32
    var description: String { "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))" }
}

/// Runs one socket call and throws with its errno when it returns -1.
@discardableResult
func socketCall(_ operation: String, _ call: () -> Int32) throws -> Int32 {
    let result = call()
    guard result >= 0 else { throw SocketError(operation: operation, code: errno) }
    return result
}

/// A tiny HTTP/1.1 peer on 127.0.0.1 for `CurlTransport` tests: a POSIX accept loop on
/// its own thread that reads each request, publishes it, and writes a canned answer.
final class LoopbackResponder: @unchecked Sendable {
    // SAFETY: `listener` is set once in init. The accept thread closes it when it ends, and
    // `stop()` shuts it down; both under `state.lock`, so `stop()` never touches a closed
    // (and perhaps reused) descriptor.
    /// What to do with a request.
    enum Answer: Sendable {
        /// Write this status line, headers and body, then close.
        case respond(status: String, headers: [(String, String)], body: [UInt8])
        /// Read the request and never answer (until `stop()`).
        case silence
    }

    /// A request as it arrived.
    struct Request: Sendable {
        var line: String
        /// Names in lower case.
        var headers: [String: String]
        var body: [UInt8]
    }

    let port: Int
    let requests: AsyncStream<Request>
    private let listener: Int32
    private let state = ListenerState()

    /// Listens on a free loopback port; answers the n-th request with `answers[n]` (the last one repeats).
    init(answers: [Answer]) throws {
        let fd = try socketCall("socket") { socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        do {
            try withUnsafeMutablePointer(to: &address) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    try socketCall("bind") { bind(fd, raw, length) }
                    try socketCall("getsockname") { getsockname(fd, raw, &length) }
                }
            }
            try socketCall("listen") { listen(fd, 8) }
        } catch {
            close(fd)
            throw error
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let (requests, published) = AsyncStream<Request>.makeStream()
        self.requests = requests
        let state = self.state
        Thread { Self.serve(listener: fd, state: state, answers: answers, published: published) }.start()
    }

    /// Stops accepting; the accept thread closes every socket it holds and ends.
    func stop() {
        state.lock.withLock {
            if !state.closed { shutdown(listener, Int32(SHUT_RDWR)) }
        }
    }

    deinit { stop() }

    private static func serve(listener: Int32, state: ListenerState, answers: [Answer], published: AsyncStream<Request>.Continuation) {
        var held: [Int32] = []
        var served = 0
        defer {
            held.forEach { close($0) }
            state.lock.withLock {
                state.closed = true
                close(listener)
            }
            published.finish()
        }
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return } // shut down by stop()
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let request = readRequest(connection) else { close(connection); continue }
            published.yield(request)
            let answer = answers.isEmpty ? .silence : answers[min(served, answers.count - 1)]
            served += 1
            switch answer {
            case .silence:
                held.append(connection)
            case .respond(let status, let headers, let body):
                var text = "HTTP/1.1 \(status)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
                for (name, value) in headers { text += "\(name): \(value)\r\n" }
                let bytes = Array((text + "\r\n").utf8) + body
                _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(connection)
            }
        }
    }

    /// Reads the head and a `Content-Length` body; `nil` if the peer went away first.
    private static func readRequest(_ connection: Int32) -> Request? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let separator = Array("\r\n\r\n".utf8)
        func more() -> Bool {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            data += chunk[0..<count]
            return true
        }
        var headEnd: Int?
        while headEnd == nil {
            guard more() else { return nil }
            headEnd = data.indices.dropLast(3).first { Array(data[$0..<$0 + 4]) == separator }
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: data[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyLength = Int(headers["content-length"] ?? "0") ?? 0
        while data.count < headEnd + 4 + bodyLength {
            guard more() else { return nil }
        }
        return Request(line: lines.first ?? "", headers: headers, body: Array(data[(headEnd + 4)..<(headEnd + 4 + bodyLength)]))
    }

    /// A loopback port nothing listens on right now (bound to port 0, then released).
    static func unusedPort() throws -> Int {
        let responder = try LoopbackResponder(answers: [])
        let port = responder.port
        responder.stop()
        return port
    }
}

/// Whether the accept thread has closed the listener; guarded by `lock`.
final class ListenerState: @unchecked Sendable {
    // SAFETY: `closed` is read and written only under `lock`.
    let lock = NSLock()
    var closed = false
}
