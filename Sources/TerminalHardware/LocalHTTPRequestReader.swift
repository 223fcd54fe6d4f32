/// Collects the bytes of one HTTP/1.1 request until it is complete (pure: no I/O).
///
/// Deliberately small: the local API takes tiny JSON bodies from one program on the same
/// machine. A request needs `Content-Length` when it has a body (no chunked encoding), the
/// head is at most `maxHead` bytes and the body at most `maxBody`; anything else is answered
/// with a 4xx and the connection is closed.
public struct LocalHTTPRequestReader: Sendable {
    /// What the bytes so far amount to.
    public enum Outcome: Sendable, Equatable {
        case needMore
        case complete(LocalHTTPRequest)
        /// Answer this and close.
        case refused(LocalHTTPResponse)
    }

    public static let maxHead = 8_192
    /// Below curl's 1 KiB `Expect: 100-continue` threshold, so no client waits for a `100`.
    public static let maxBody = 1_024

    private var buffer: [UInt8] = []
    private var head: (method: String, path: String, bodyStart: Int, length: Int)?

    public init() {}

    /// Adds received bytes; returns whether the request is complete, refused, or needs more.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> Outcome {
        buffer.append(contentsOf: bytes)
        if head == nil {
            guard let end = headEnd() else {
                return buffer.count > Self.maxHead ? .refused(.error(431, "the request head is larger than \(Self.maxHead) bytes")) : .needMore
            }
            switch parseHead(String(decoding: buffer[..<end], as: UTF8.self)) {
            case .success(let parsed): head = (parsed.method, parsed.path, end + 4, parsed.length)
            case .failure(let refusal): return .refused(refusal.response)
            }
        }
        guard let head else { return .needMore }
        guard buffer.count - head.bodyStart >= head.length else { return .needMore }
        let body = Array(buffer[head.bodyStart..<(head.bodyStart + head.length)])
        return .complete(LocalHTTPRequest(method: head.method, path: head.path, body: body))
    }

    private struct Refusal: Error { var response: LocalHTTPResponse }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func parseHead(_ text: String) -> Result<(method: String, path: String, length: Int), Refusal> {
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines.first?.split(separator: " ", omittingEmptySubsequences: false) ?? []
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), !parts[0].isEmpty, parts[1].hasPrefix("/") else {
            return .failure(Refusal(response: .error(400, "the request line is not METHOD /path HTTP/1.1")))
        }
        var length = 0
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(Refusal(response: .error(400, "a header line has no ':'")))
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            // Why: a web page in a browser on the terminal may POST here without a preflight
            // ("simple request"), and DNS rebinding may give it a loopback name. Browsers always
            // send Origin with a POST; queue systems' programs do not.
            if name == "origin" {
                return .failure(Refusal(response: .error(403, "requests from web pages (with an Origin header) are refused; call the API from a program")))
            }
            if name == "host", !Self.isLoopbackHost(value) {
                return .failure(Refusal(response: .error(403, "Host \"\(value)\" is not this terminal's loopback address; use 127.0.0.1 or localhost")))
            }
            if name == "transfer-encoding" {
                return .failure(Refusal(response: .error(411, "send the body with a Content-Length, not Transfer-Encoding")))
            }
            if name == "content-length" {
                guard let number = Int(value), number >= 0 else {
                    return .failure(Refusal(response: .error(400, "Content-Length \"\(value)\" is not a number")))
                }
                guard number <= Self.maxBody else {
                    return .failure(Refusal(response: .error(413, "the body is larger than \(Self.maxBody) bytes")))
                }
                length = number
            }
        }
        let target = parts[1]
        let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? String(target)
        return .success((String(parts[0]), path, length))
    }
}

extension LocalHTTPRequestReader {
    /// `127.x.y.z`, `localhost` (with or without a port), or empty (some Unix-socket clients).
    static func isLoopbackHost(_ host: String) -> Bool {
        let name = host.split(separator: ":", maxSplits: 1).first.map(String.init)?.lowercased() ?? ""
        return name.isEmpty || name == "localhost" || name.hasPrefix("127.")
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
