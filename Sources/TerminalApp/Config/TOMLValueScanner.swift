/// Reads one TOML value (string, number, boolean or array) from a line.
struct TOMLValueScanner {
    let text: [Character]
    let line: Int
    let file: String
    var position = 0

    init(text: [Character], line: Int, file: String) {
        self.text = text
        self.line = line
        self.file = file
    }

    var atEnd: Bool { position >= text.count }

    mutating func skipSpaces() {
        while position < text.count, text[position].isWhitespace { position += 1 }
    }

    mutating func value() throws -> TOMLValue {
        skipSpaces()
        guard position < text.count else { throw failure("a value is missing after =", "write a value, e.g. \"text\", 42 or true") }
        switch text[position] {
        case "\"": return TOMLValue(kind: .string(try basicString()), line: line)
        case "'": return TOMLValue(kind: .string(try literalString()), line: line)
        case "[": return TOMLValue(kind: .array(try array()), line: line)
        case "{": throw failure("inline tables ({...}) are not used in this file", "write the keys in their own [section]")
        default: return try bareValue()
        }
    }

    private mutating func array() throws -> [TOMLValue] {
        position += 1
        var items: [TOMLValue] = []
        while true {
            skipSpaces()
            guard position < text.count else { throw failure("a list is not closed", "end the list with ]") }
            if text[position] == "]" { position += 1; return items }
            items.append(try value())
            skipSpaces()
            guard position < text.count else { throw failure("a list is not closed", "end the list with ]") }
            if text[position] == "," { position += 1 } else if text[position] != "]" {
                throw failure("list items must be separated by commas", "write [\"a\", \"b\"]")
            }
        }
    }

    private mutating func basicString() throws -> String {
        position += 1
        var out = ""
        while position < text.count {
            let c = text[position]
            position += 1
            if c == "\"" { return out }
            guard c == "\\" else { out.append(c); continue }
            guard position < text.count else { break }
            let escape = text[position]
            position += 1
            switch escape {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "u", "U":
                let width = escape == "u" ? 4 : 8
                guard position + width <= text.count, let code = UInt32(String(text[position..<position + width]), radix: 16),
                      let scalar = Unicode.Scalar(code) else {
                    throw failure("a \\\(escape) escape needs \(width) hex digits", "write e.g. \\u00E0")
                }
                out.unicodeScalars.append(scalar)
                position += width
            default:
                throw failure("unknown escape \\\(escape) in a string", "write a backslash as \\\\ or use 'single quotes'")
            }
        }
        throw failure("a string is not closed", "end the string with a double quote")
    }

    private mutating func literalString() throws -> String {
        position += 1
        var out = ""
        while position < text.count {
            let c = text[position]
            position += 1
            if c == "'" { return out }
            out.append(c)
        }
        throw failure("a string is not closed", "end the string with a single quote")
    }

    private mutating func bareValue() throws -> TOMLValue {
        var word = ""
        while position < text.count, !text[position].isWhitespace, text[position] != ",", text[position] != "]" {
            word.append(text[position])
            position += 1
        }
        if word == "true" { return TOMLValue(kind: .bool(true), line: line) }
        if word == "false" { return TOMLValue(kind: .bool(false), line: line) }
        let digits = word.replacingUnderscores
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.lowercased().hasPrefix(prefix) {
            if let number = Int64(digits.dropFirst(2), radix: radix) { return TOMLValue(kind: .integer(number), line: line) }
        }
        if let number = Int64(digits) { return TOMLValue(kind: .integer(number), line: line) }
        if let number = Double(digits), digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return TOMLValue(kind: .float(number), line: line)
        }
        if !digits.isEmpty, digits.drop(while: { $0 == "-" || $0 == "+" }).allSatisfy(\.isNumber) {
            throw failure("\(word) is too large a number", "use a number from \(Int64.min) to \(Int64.max)")
        }
        throw failure("'\(word)' is not a value", "put text in double quotes (\"\(word)\"); numbers and true/false go without quotes")
    }

    private func failure(_ message: String, _ fix: String) -> ConfigError {
        ConfigError(file: file, line: line, message: message, fix: fix)
    }
}

extension String {
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
