/// Reads typed settings from one `[section]`, remembering which keys it used so
/// that the rest can be reported as unknown (with a "did you mean" suggestion).
struct SectionReader {
    let file: String
    let name: String
    let table: TOMLDocument.Table?
    private(set) var known: [String] = []

    init(file: String, name: String, document: TOMLDocument) {
        self.file = file
        self.name = name
        self.table = document.table(name)
    }

    private mutating func value(_ key: String) -> TOMLValue? {
        known.append(key)
        return table?.entries.first { $0.key == key }?.value
    }

    private func wrongType(_ key: String, _ value: TOMLValue, expected: String, example: String) -> ConfigError {
        ConfigError(file: file, line: value.line, message: "[\(name)] \(key) must be \(expected), not \(value.typeName)",
                    fix: "write it like \(key) = \(example)")
    }

    /// Where the section starts (its header line), for errors about a missing key.
    var headerLine: Int { table?.line ?? 0 }

    mutating func string(_ key: String, default fallback: String? = nil) throws -> String {
        guard let value = value(key) else {
            if let fallback { return fallback }
            throw ConfigError(file: file, line: headerLine, message: "[\(name)] \(key) is missing",
                              fix: "add a line \(key) = \"...\" to the [\(name)] section")
        }
        guard case .string(let text) = value.kind else {
            let example = fallback.flatMap { $0.isEmpty ? nil : $0 } ?? "..."
            throw wrongType(key, value, expected: "text in quotes", example: "\"\(example)\"")
        }
        return text
    }

    /// A GPIO line: a name in quotes or an offset (its decimal text); also where it was written.
    mutating func lineName(_ key: String, default fallback: String) throws -> (name: String, line: Int) {
        guard let value = value(key) else { return (fallback, headerLine) }
        switch value.kind {
        case .string(let text): return (text, value.line)
        case .integer(let number): return (String(number), value.line)
        default: throw wrongType(key, value, expected: "a line name or offset", example: "\"GPIO21\"")
        }
    }

    /// `hex`: the setting is an address, written and reported in hexadecimal.
    mutating func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>, unit: String = "", hex: Bool = false) throws -> Int {
        let show = { (n: Int64) in hex ? "0x" + (n < 16 && n >= 0 ? "0" : "") + String(n, radix: 16) : String(n) }
        guard let value = value(key) else { return fallback }
        guard case .integer(let number) = value.kind else { throw wrongType(key, value, expected: "a whole number", example: show(Int64(fallback))) }
        guard let int = Int(exactly: number), range.contains(int) else {
            throw ConfigError(file: file, line: value.line, message: "[\(name)] \(key) = \(show(number)) is out of range",
                              fix: "use a value from \(show(Int64(range.lowerBound))) to \(show(Int64(range.upperBound)))\(unit)")
        }
        return int
    }

    mutating func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let value = value(key) else { return fallback }
        guard case .bool(let flag) = value.kind else { throw wrongType(key, value, expected: "true or false", example: "\(fallback)") }
        return flag
    }

    /// A list whose items are strings or integers (GPIO lines may be names or offsets); integers become their decimal text.
    mutating func stringList(_ key: String, default fallback: [String]) throws -> (items: [String], line: Int) {
        guard let value = value(key) else { return (fallback, headerLine) }
        guard case .array(let items) = value.kind else { throw wrongType(key, value, expected: "a list", example: "[\"a\", \"b\"]") }
        return (try items.map { item in
            switch item.kind {
            case .string(let text): return text
            case .integer(let number): return String(number)
            default: throw wrongType(key, item, expected: "a list of names or numbers", example: "[\"GPIO5\", 6]")
            }
        }, value.line)
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, default fallback: E) throws -> E where E.RawValue == String {
        let line = table?.entries.first { $0.key == key }?.value.line ?? headerLine
        let text = try string(key, default: fallback.rawValue)
        guard let choice = E(rawValue: text) else {
            let options = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw ConfigError(file: file, line: line, message: "[\(name)] \(key) = \"\(text)\" is not one of \(options)",
                              fix: suggestion(for: text, among: E.allCases.map(\.rawValue)).map { "did you mean \"\($0)\"?" } ?? "use one of \(options)")
        }
        return choice
    }

    /// Fails on the first key of the section that no reader asked for.
    func rejectUnknownKeys() throws {
        for entry in table?.entries ?? [] where !known.contains(entry.key) {
            let hint = suggestion(for: entry.key, among: known).map { "did you mean '\($0)'?" }
                ?? "remove it; [\(name)] takes \(known.joined(separator: ", "))"
            throw ConfigError(file: file, line: entry.value.line, message: "unknown key '\(entry.key)' in [\(name)]", fix: hint)
        }
    }
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo
/// (and shares at least one letter: "fr" is not a typo of "en").
func suggestion(for word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3),
          best.1 < word.count else { return nil }
    return best.0
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
