/// What the display should say, before it is laid out for a particular grid.
public enum ScreenContent: Hashable, Sendable {
    /// The prompt inviting a rating (kiosk mode; counter mode while a window waits for its rating).
    case idle
    /// Counter mode with no rating window waiting: a greeting that does not invite a press.
    case welcome
    /// Thanks for the given score.
    case thanks(Score)
    /// The press could not be stored; the customer is asked to tell staff.
    case storeProblem
    /// After a low score: "why?", with the reasons shown one per page on a 2-row display.
    /// `page` counts up as the screen scrolls; it wraps around the five reasons.
    case followUp(page: Int)
    /// A screen of the technician's guided self-test (`rating-terminal selftest`).
    case selfTest(SelfTestScreen)
}

/// The screens of the guided self-test.
public enum SelfTestScreen: Hashable, Sendable {
    /// "Press button N".
    case pressButton(Score)
    /// A press of another button than the one asked for: which button it is, and its line.
    case wrongButton(pressed: Score, line: String, wanted: Score)
    /// "Press the clerk's (service finished) button".
    case staffButton
    /// LED N is lit now.
    case led(Score)
    /// "Were the LEDs right? 5 = yes, 1 = no".
    case ledsQuestion
    /// The Vietnamese letters, page 0 (the base letters over their plain forms) or 1 (the tone marks).
    case letters(page: Int)
    /// "Do the letters read right? 5 = yes, 1 = no".
    case lettersQuestion
    /// Checking the network and the collector.
    case checkingCollector
    /// The end: how many checks failed (0: passed).
    case result(failures: Int)
}

/// The display language chosen in the config (`[display] language`).
public enum Language: String, Hashable, Sendable, CaseIterable {
    case vi
    case en
}

/// A character display's size in columns × rows, e.g. 16×2, 20×2, 20×4.
public struct GridSize: Hashable, Sendable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// Parses "16x2" (also "16X2"); `nil` if malformed or outside 8…40 × 1…4.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let c = Int(parts[0]), let r = Int(parts[1]),
              (8...40).contains(c), (1...4).contains(r) else { return nil }
        self.init(columns: c, rows: r)
    }

    public var description: String { "\(columns)x\(rows)" }
}

/// One full screen of characters: exactly `size.rows` rows of exactly `size.columns` characters.
public struct Frame: Hashable, Sendable {
    public let size: GridSize
    public let rows: [[Character]]

    /// Builds a frame from text lines: each is cut or padded with spaces to the width;
    /// missing rows are blank.
    public init(size: GridSize, lines: [String]) {
        self.size = size
        var rows: [[Character]] = []
        for index in 0..<size.rows {
            let line = index < lines.count ? Array(lines[index]) : []
            var row = Array(line.prefix(size.columns))
            row.append(contentsOf: repeatElement(" ", count: size.columns - row.count))
            rows.append(row)
        }
        self.rows = rows
    }

    /// The rows as strings.
    public var lines: [String] { rows.map { String($0) } }
}
