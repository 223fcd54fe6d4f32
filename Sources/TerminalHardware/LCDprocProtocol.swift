/// The parts of LCDd's text protocol (0.3/0.4, LCDproc 0.5) this client speaks, as pure
/// functions: commands to send and the classification of the lines LCDd sends back.
enum LCDprocProtocol {
    /// The screen id this client registers.
    static let screen = "rt"

    /// One line from LCDd.
    enum Line: Equatable {
        /// `success`: the answer to the command sent.
        case success
        /// `huh? …`: LCDd refused the command sent; the text says why.
        case refused(String)
        /// `connect …`: the answer to `hello`, with the display's size when given.
        case connected(columns: Int?, rows: Int?)
        /// Sent by LCDd on its own between answers (`listen rt`, `ignore rt`, `key …`,
        /// `menuevent …`, …): skipped by a client that only shows text.
        case unprompted(String)
    }

    /// Classifies one line received from LCDd (without its newline).
    static func classify(_ line: String) -> Line {
        if line == "success" { return .success }
        if line.hasPrefix("huh?") {
            return .refused(String(line.dropFirst(4)).trimmingSpaces())
        }
        if line.hasPrefix("connect ") {
            let words = line.split(separator: " ").map(String.init)
            func number(after key: String) -> Int? {
                guard let index = words.firstIndex(of: key), index + 1 < words.count else { return nil }
                return Int(words[index + 1])
            }
            return .connected(columns: number(after: "wid"), rows: number(after: "hgt"))
        }
        return .unprompted(line)
    }

    /// The commands after `hello`: name the client, add the screen at foreground priority
    /// with the heartbeat off, and one string widget per row (`r1`, `r2`, …).
    static func registration(rows: Int) -> [String] {
        var commands = [
            "client_set -name rating-terminal",
            "screen_add \(screen)",
            "screen_set \(screen) -priority foreground -heartbeat off",
        ]
        for row in 1...max(rows, 1) { commands.append("widget_add \(screen) r\(row) string") }
        return commands
    }

    /// Sets row `index` (0-based) to `text` (ASCII bytes, one per column).
    static func setRow(_ index: Int, to text: [UInt8]) -> String {
        "widget_set \(screen) r\(index + 1) 1 \(index + 1) \(quoted(text))"
    }

    /// `text` as one argument of LCDd's parser (server/parse.c): in double quotes, with `"`
    /// and `\` escaped by a backslash. Braces need no escape inside double quotes. A backslash
    /// before n, r or t would become a control character, so every backslash is escaped.
    static func quoted(_ text: [UInt8]) -> String {
        var out = "\""
        for byte in text {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append("\\") }
            out.append(Character(Unicode.Scalar(byte)))
        }
        return out + "\""
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
