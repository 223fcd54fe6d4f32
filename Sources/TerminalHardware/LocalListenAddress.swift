/// Where a local-only server listens: a TCP port on the IPv4 loopback, or a Unix socket.
///
/// Never a network address: the local API has no authentication, so only programs on
/// this machine may reach it (`[session] trigger_listen`).
public enum LocalListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// `127.0.0.1:PORT` (any 127.x.y.z; `localhost` means 127.0.0.1). Port 0 picks a free port (tests).
    case loopback(host: String, port: Int)
    /// `unix:/absolute/path`: a Unix socket, created at start (a stale socket file is replaced).
    case unixSocket(path: String)

    /// Why a text is not a local address, and how to write one.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var fix: String
        public var description: String { "\(message). Fix: \(fix)" }
    }

    /// The longest Unix socket path the kernel takes (`sun_path` is 108 bytes with its NUL).
    static let maxSocketPathBytes = 107

    /// Parses `127.0.0.1:PORT`, `localhost:PORT` or `unix:/PATH`; throws a `Problem` for anything
    /// else, notably for a host that is not the loopback.
    public init(parsing text: String) throws(Problem) {
        let example = "\"127.0.0.1:8765\" or \"unix:/run/rating-terminal/trigger.sock\""
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst("unix:".count))
            guard path.hasPrefix("/"), path.count > 1, !path.hasSuffix("/") else {
                throw Problem(message: "\"\(text)\" is not an absolute socket path", fix: "write e.g. \"unix:/run/rating-terminal/trigger.sock\"")
            }
            guard path.utf8.count <= Self.maxSocketPathBytes, !path.contains("\0") else {
                throw Problem(message: "the socket path \"\(path)\" is longer than \(Self.maxSocketPathBytes) bytes",
                              fix: "use a shorter path, e.g. \"unix:/run/rating-terminal/trigger.sock\"")
            }
            self = .unixSocket(path: path)
            return
        }
        guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
            let fix = text.contains(":") ? "IPv6 is not supported; use \"127.0.0.1:PORT\"" : "write HOST:PORT or unix:PATH, e.g. \(example)"
            throw Problem(message: "\"\(text)\" is not HOST:PORT or unix:PATH", fix: fix)
        }
        let host = String(text[..<colon]), portText = String(text[text.index(after: colon)...])
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw Problem(message: "port \"\(portText)\" of \"\(text)\" is not a number from 1 to 65535", fix: "write e.g. \(example)")
        }
        guard let loopback = Self.loopbackIPv4(host) else {
            throw Problem(message: "\"\(host)\" is not this machine's loopback address: the trigger API has no password, so it never listens on a network",
                          fix: "use \"127.0.0.1:\(port)\" (a queue system on another machine needs a local relay), or a Unix socket \"unix:/run/rating-terminal/trigger.sock\"")
        }
        self = .loopback(host: loopback, port: port)
    }

    /// The dotted quad when `host` is an IPv4 loopback address (127.0.0.0/8) or `localhost`.
    static func loopbackIPv4(_ host: String) -> String? {
        if host == "localhost" { return "127.0.0.1" }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }), parts[0] == "127" else { return nil }
        return host
    }

    /// As written in the config: `127.0.0.1:8765` or `unix:/run/…/trigger.sock`.
    public var description: String {
        switch self {
        case .loopback(let host, let port): "\(host):\(port)"
        case .unixSocket(let path): "unix:\(path)"
        }
    }
}
