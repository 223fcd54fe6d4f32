import RatingCore

/// Parses the TOML subset of `TOMLDocument`, reporting the first mistake with its line.
struct TOMLParser {
    let file: String

    func parse(_ text: String) throws -> TOMLDocument {
        var tables = [TOMLDocument.Table(name: "", line: 0, entries: [])]
        // Split on the scalar "\n", not the Character: "\r\n" is one Character that never equals "\n",
        // so a file saved with CRLF line ends was read as one line (found by fuzz-config).
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.last == "\r" ? line.dropLast() : line) }
        var index = 0
        while index < lines.count {
            let lineNumber = index + 1
            var statement = stripComment(lines[index]).trimmed
            index += 1
            if statement.isEmpty { continue }
            if statement.hasPrefix("[[") {
                throw error(lineNumber, "arrays of tables ([[...]]) are not used in this file", "write a plain [section] header")
            }
            if statement.hasPrefix("[") {
                guard statement.hasSuffix("]") else { throw error(lineNumber, "a section header must end with ]", "write it as [name]") }
                let name = String(statement.dropFirst().dropLast()).trimmed
                guard !name.isEmpty, name.allSatisfy(isBareKeyCharacter(_:)) || name.contains(".") else {
                    throw error(lineNumber, "'\(name)' is not a valid section name", "use letters, digits, _ and -")
                }
                if let earlier = tables.first(where: { $0.name == name }) {
                    throw error(lineNumber, "section [\(name)] appears twice (first on line \(earlier.line))", "merge the two sections into one")
                }
                tables.append(.init(name: name, line: lineNumber, entries: []))
                continue
            }
            // An array may continue over several lines: join until its brackets balance.
            while bracketDepth(statement) > 0 && index < lines.count {
                statement += " " + stripComment(lines[index]).trimmed
                index += 1
            }
            let entry = try parseKeyValue(statement, line: lineNumber)
            if let earlier = tables[tables.count - 1].entries.first(where: { $0.key == entry.key }) {
                throw error(lineNumber, "'\(entry.key)' is set twice (first on line \(earlier.value.line))", "keep only one of the two lines")
            }
            tables[tables.count - 1].entries.append(entry)
        }
        return TOMLDocument(tables: tables)
    }

    private func parseKeyValue(_ statement: String, line: Int) throws -> TOMLDocument.Entry {
        guard let equals = indexOutsideStrings(of: "=", in: statement) else {
            throw error(line, "expected 'key = value' but found '\(statement)'", "write the setting as key = value, with strings in double quotes")
        }
        var key = String(statement[..<equals]).trimmed
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard !key.isEmpty, key.allSatisfy(isBareKeyCharacter(_:)) else {
            throw error(line, "'\(key)' is not a valid key", "keys use letters, digits, _ and -")
        }
        var scanner = TOMLValueScanner(text: Array(String(statement[statement.index(after: equals)...]).trimmed), line: line, file: file)
        let value = try scanner.value()
        scanner.skipSpaces()
        guard scanner.atEnd else {
            throw error(line, "unexpected text after the value of '\(key)'", "put one value per line; start comments with #")
        }
        return .init(key: key, value: value)
    }

    private func error(_ line: Int, _ message: String, _ fix: String) -> ConfigError {
        ConfigError(file: file, line: line, message: message, fix: fix)
    }
}

func isBareKeyCharacter(_ c: Character) -> Bool {
    c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-")
}

/// The line without a trailing `# comment` (a # inside a string is kept).
func stripComment(_ line: String) -> String {
    guard let hash = indexOutsideStrings(of: "#", in: line) else { return line }
    return String(line[..<hash])
}

/// The first index of `target` that is not inside a quoted string.
func indexOutsideStrings(of target: Character, in text: String) -> String.Index? {
    var quote: Character?
    var escaped = false
    var index = text.startIndex
    while index < text.endIndex {
        let c = text[index]
        if let open = quote {
            if escaped { escaped = false } else if c == "\\" && open == "\"" { escaped = true } else if c == open { quote = nil }
        } else if c == "\"" || c == "'" {
            quote = c
        } else if c == target {
            return index
        }
        index = text.index(after: index)
    }
    return nil
}

/// How many `[` are still open outside strings (for multi-line arrays).
func bracketDepth(_ text: String) -> Int {
    guard let equals = indexOutsideStrings(of: "=", in: text) else { return 0 }
    var depth = 0
    var quote: Character?
    var escaped = false
    for c in text[text.index(after: equals)...] {
        if let open = quote {
            if escaped { escaped = false } else if c == "\\" && open == "\"" { escaped = true } else if c == open { quote = nil }
        } else if c == "\"" || c == "'" { quote = c } else if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
    }
    return depth
}
