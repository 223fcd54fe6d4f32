// Why @testable: the checks read internal parts of what they check (VietnameseFolding's letter table,
// the drivers' DisplayText); FuzzChecks is built only in debug (fuzz and test builds), which enable testing.
@testable import RatingCore
@testable import TerminalHardware

/// `fuzz-screen`: Vietnamese folding, the screen composer and the HD44780 glyph planner.
///
/// Input: a grid size, flags and a screen choice in the first bytes, free text after them.
/// Invariants: folding leaves no Vietnamese letter or combining mark, is idempotent, keeps ASCII
/// as it is and never adds scalars, and text made of ASCII and Vietnamese folds to pure ASCII;
/// composed frames are exactly W×H; a folded product screen is printable ASCII; the planner
/// uses at most 8 slots, each for a letter of the frame with its own bitmap, and every cell reads
/// back as the frame's character (a slot's glyph or the ROM's code for the folded letter).
enum ScreenCheck {
    static func check(_ input: [UInt8]) throws(FuzzViolation) {
        var bytes = FuzzBytes(input)
        let size = GridSize(columns: bytes.int(in: 8...40), rows: bytes.int(in: 1...4))
        let flags = bytes.byte()
        let language: Language = flags & 1 == 0 ? .vi : .en
        let fold = flags & 2 != 0, glyphs = flags & 4 != 0, composed = flags & 8 != 0
        let choice = bytes.byte(), number = Int(Int8(bitPattern: bytes.byte()))
        let loaded = loadedSlots(&bytes)
        let text = bytes.restAsText()

        try checkFolding(text)
        let frame: Frame
        if composed {
            let content = ScreenChoices.content(choice, number: number, text: text)
            frame = ScreenComposer(size: size, language: language, foldToASCII: fold).compose(content)
            if fold, !ScreenChoices.carriesText(content) {
                let odd = frame.rows.joined().filter { !$0.isASCII || !(" "..."~").contains($0) }
                try require(odd.isEmpty, .screen, "screen \(content) folded for \(size) shows non-ASCII \(String(odd)): \(frame.lines)")
            }
        } else {
            frame = Frame(size: size, lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        try require(frame.size == size && frame.rows.count == size.rows && frame.rows.allSatisfy { $0.count == size.columns },
                    .screen, "a \(size) frame has rows \(frame.rows.map(\.count))")
        try PlannerCheck.check(frame, loaded: loaded, vietnameseGlyphs: glyphs)
    }

    /// What the CGRAM holds before the frame: per slot unknown, a letter's glyph, or junk.
    static func loadedSlots(_ bytes: inout FuzzBytes) -> [[UInt8]?] {
        let letters = VietnameseFolding.letters.flatMap { Array($0.forms) }
        return (0..<HD44780Screen.slotCount).map { _ in
            let pick = Int(bytes.byte())
            switch pick % 3 {
            case 0: return nil
            case 1: return VietnameseGlyphs.bitmap(for: letters[pick % letters.count])
            default: return [UInt8](repeating: UInt8(pick & 0x1F), count: 8)
            }
        }
    }

    static func checkFolding(_ text: String) throws(FuzzViolation) {
        let folded = VietnameseFolding.fold(text)
        let vietnamese = Set(VietnameseFolding.letters.flatMap { $0.forms.unicodeScalars })
        let marks: ClosedRange<UInt32> = 0x0300...0x036F
        let left = folded.unicodeScalars.filter { vietnamese.contains($0) || marks.contains($0.value) }
        try require(left.isEmpty, .screen, "folding left \(left.map { String($0.value, radix: 16) }) in \(folded.debugDescription)")
        try require(VietnameseFolding.fold(folded) == folded, .screen, "folding is not idempotent on \(text.debugDescription)")
        try require(folded.unicodeScalars.count <= text.unicodeScalars.count, .screen, "folding added scalars to \(text.debugDescription)")
        if text.unicodeScalars.allSatisfy(\.isASCII) {
            try require(folded == text, .screen, "folding changed ASCII text \(text.debugDescription)")
        }
        if text.unicodeScalars.allSatisfy({ $0.isASCII || vietnamese.contains($0) || marks.contains($0.value) }) {
            try require(folded.unicodeScalars.allSatisfy(\.isASCII), .screen, "Vietnamese text \(text.debugDescription) folded to non-ASCII \(folded.debugDescription)")
        }
    }
}
