import Foundation

/// The admin token that guards the read and admin endpoints: where it comes from, when it may be
/// absent, and whether a request presents it. Pure; ``AdminTokenMiddleware`` applies it.
public enum AdminAccess {
    /// The shortest token accepted, in characters.
    public static let minimumTokenLength = 16

    /// Why a token file cannot be used.
    public enum TokenFileError: Error, Equatable, CustomStringConvertible {
        /// The file cannot be read (missing, no permission, not UTF-8).
        case unreadable(path: String, detail: String)
        /// The token is shorter than ``AdminAccess/minimumTokenLength``.
        case tooShort(path: String, length: Int)

        public var description: String {
            switch self {
            case .unreadable(let path, let detail):
                return "cannot read the admin token file \(path): \(detail)"
            case .tooShort(let path, let length):
                return "the admin token in \(path) has \(length) characters; use at least \(AdminAccess.minimumTokenLength) "
                    + "(e.g. `openssl rand -hex 32 > \(path)`)"
            }
        }
    }

    /// The token in `path`, without its trailing newline.
    public static func readToken(file path: String) throws(TokenFileError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, detail: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, detail: "the file is not UTF-8 text")
        }
        return try token(text, from: path)
    }

    /// `text` without trailing line ends, refused when too short.
    public static func token(_ text: String, from path: String) throws(TokenFileError) -> String {
        var token = Substring(text)
        while let last = token.last, last == "\n" || last == "\r" || last == "\r\n" { token = token.dropLast() }
        guard token.count >= minimumTokenLength else { throw .tooShort(path: path, length: token.count) }
        return String(token)
    }

    /// Why the collector must not listen on `host` with these settings, or `nil`.
    ///
    /// Without a token the read endpoints are open, which is acceptable only where no one
    /// else can connect: a loopback address.
    public static func problem(host: String, adminToken: String?) -> String? {
        guard adminToken == nil, !isLoopback(host) else { return nil }
        return "listening on \(host) would serve ratings to anyone who can reach it; "
            + "pass --admin-token-file PATH (a file holding a token of at least \(minimumTokenLength) characters), "
            + "or listen on 127.0.0.1"
    }

    /// Whether `host` names only this machine: `localhost`, `127.0.0.0/8` or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        let ipv4 = lowered.hasPrefix("::ffff:") ? String(lowered.dropFirst("::ffff:".count)) : lowered
        let parts = ipv4.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }

    /// The token a request presents: `Bearer TOKEN`, or HTTP Basic with any user name and the token as password.
    public static func presentedToken(authorization header: String?) -> String? {
        guard let header else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        let scheme = trimmed[..<space].lowercased()
        let value = trimmed[space...].trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer":
            return value.isEmpty ? nil : value
        case "basic":
            guard let data = Data(base64Encoded: value), let pair = String(data: data, encoding: .utf8),
                  let colon = pair.firstIndex(of: ":") else { return nil }
            return String(pair[pair.index(after: colon)...])
        default:
            return nil
        }
    }

    /// Whether `presented` equals `expected`, taking the same time wherever they first differ.
    public static func matches(_ presented: String, expected: String) -> Bool {
        let given = Array(presented.utf8)
        let wanted = Array(expected.utf8)
        // Walk the expected token's length whatever was given, so the time reveals neither a matching prefix
        // nor the given length; a length mismatch is folded into the same accumulator.
        var difference: UInt8 = given.count == wanted.count ? 0 : 1
        for index in wanted.indices {
            let byte = given.isEmpty ? 0 : given[index % given.count]
            difference |= byte ^ wanted[index]
        }
        return difference == 0
    }
}
