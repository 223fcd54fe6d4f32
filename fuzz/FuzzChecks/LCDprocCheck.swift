import RatingCore
// Why @testable: LCDprocProtocol and DisplayText are internal to the driver; see ScreenCheck.swift.
@testable import TerminalHardware

/// `fuzz-lcdproc`: the LCDproc client's reading of LCDd's lines and its command quoting.
///
/// Input: lines as LCDd might send them. Invariants: each line is classified by its documented
/// prefix (`success`, `huh?`, `connect `, anything else unprompted) with the size read from
/// `wid`/`hgt`; and the same bytes shown as a display row become one `widget_set` command line
/// that LCDd's tokenizer (server/sock.c, parse.c) reads back as exactly the row's ASCII bytes.
enum LCDprocCheck {
    static func check(_ input: [UInt8]) throws(FuzzViolation) {
        let text = String(decoding: input, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            try checkClassification(line)
            try checkQuoting(line)
        }
    }

    static func checkClassification(_ line: String) throws(FuzzViolation) {
        let kind = LCDprocProtocol.classify(line)
        switch kind {
        case .success:
            try require(line == "success", .lcdproc, "\(line.debugDescription) read as success")
        case .refused(let reason):
            try require(line.hasPrefix("huh?"), .lcdproc, "\(line.debugDescription) read as a refusal")
            try require(reason.first != " " && reason.last != " " && (reason.isEmpty || line.contains(reason)), .lcdproc,
                        "refusal reason \(reason.debugDescription) of \(line.debugDescription)")
        case .connected(let columns, let rows):
            try require(line.hasPrefix("connect "), .lcdproc, "\(line.debugDescription) read as connect")
            let words = line.split(separator: " ").map(String.init)
            func after(_ key: String) -> Int? { words.firstIndex(of: key).flatMap { $0 + 1 < words.count ? Int(words[$0 + 1]) : nil } }
            try require(columns == after("wid") && rows == after("hgt"), .lcdproc, "\(line.debugDescription) read as \(kind)")
        case .unprompted(let same):
            try require(same == line && line != "success" && !line.hasPrefix("huh?") && !line.hasPrefix("connect "), .lcdproc,
                        "\(line.debugDescription) read as unprompted \(same.debugDescription)")
        }
    }

    /// The line shown on a 40-column row, as the driver sends it, read back as LCDd would.
    static func checkQuoting(_ line: String) throws(FuzzViolation) {
        let frame = Frame(size: GridSize(columns: 40, rows: 1), lines: [line])
        let row = DisplayText.asciiRows(frame)[0]
        try require(row.count == 40 && row.allSatisfy { (0x20...0x7E).contains($0) }, .lcdproc, "row bytes \(row) are not 40 printable ASCII")
        let command = LCDprocProtocol.setRow(0, to: row)
        try require(!command.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\0" }, .lcdproc,
                    "the command for \(line.debugDescription) spans lines: \(command.debugDescription)")
        let words = LCDdTokenizer.words(Array(command.utf8))
        try require(words.count == 6 && words.prefix(5).map { String(decoding: $0, as: UTF8.self) } == ["widget_set", LCDprocProtocol.screen, "r1", "1", "1"],
                    .lcdproc, "LCDd reads \(command.debugDescription) as \(words.count) words")
        try require(words.last == row, .lcdproc, "LCDd reads the text of \(command.debugDescription) as \(words.last.map { String(decoding: $0, as: UTF8.self) } ?? "nothing")")
    }
}
