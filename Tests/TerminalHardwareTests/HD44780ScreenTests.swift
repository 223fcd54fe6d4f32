import DisplayModels
@testable import RatingCore
import TerminalHardware
import Testing

/// Planning CGRAM slots and character codes for an HD44780, checked through `HD44780Model`.
struct HD44780ScreenTests {
    static let size = GridSize(columns: 16, rows: 2)
    static let planner = HD44780ScreenPlanner(vietnameseGlyphs: true)
    static let empty = [[UInt8]?](repeating: nil, count: 8)

    /// Every letter by its glyph, to read a slot's bitmap back.
    func glyph(_ letter: Character) -> [UInt8]? { VietnameseGlyphs.bitmap(for: letter) }

    /// The slot each letter got, read from the screen's glyphs.
    func slots(_ screen: HD44780Screen) -> [Character: Int] {
        var slots: [Character: Int] = [:]
        for (slot, bitmap) in screen.glyphs.enumerated() {
            if let bitmap, let letter = HD44780Model.letter(ofGlyph: bitmap) { slots[letter] = slot }
        }
        return slots
    }

    /// The screen's rows as the display shows them, each slot read back as its letter.
    func shown(_ model: HD44780Model) -> [String] { model.visibleLines }

    /// The steps that bring a display from `previous` (with `loaded` in CGRAM) to `screen`.
    func steps(_ hd: HD44780Protocol, _ screen: HD44780Screen, after previous: HD44780Screen?, loaded: [[UInt8]?]) -> [HD44780Step] {
        let definitions = screen.glyphSlotsToDefine(from: loaded).flatMap { hd.defineCharacter(slot: $0.slot, rows: $0.bitmap) }
        return definitions + screen.rowsToRewrite(after: previous).flatMap { hd.writeRow($0, codes: screen.rows[$0]) }
    }

    @Test func thanksGetsItsLettersInReadingOrderWhenEachIsOnce() {
        let screen = Self.planner.plan(Frame(size: Self.size, lines: ["Cảm ơn quý khách"]), loaded: Self.empty)
        #expect(slots(screen) == ["ả": 0, "ơ": 1, "ý": 2, "á": 3], "each once: first seen, first slot")
        #expect(screen.rows[0] == [UInt8(ascii: "C"), 0, UInt8(ascii: "m"), 0x20, 1, UInt8(ascii: "n"), 0x20]
            + Array("qu".utf8) + [2, 0x20] + Array("kh".utf8) + [3] + Array("ch".utf8))
        #expect(screen.glyphs[4...].allSatisfy { $0 == nil })
    }

    @Test func theMostFrequentLettersComeFirst() {
        let frame = Frame(size: Self.size, lines: ["Cảm ơn quý khách", "á à á ả"])
        let screen = Self.planner.plan(frame, loaded: Self.empty)
        // á three times, ả twice, then ơ ý à once each in reading order.
        #expect(slots(screen) == ["á": 0, "ả": 1, "ơ": 2, "ý": 3, "à": 4])
        #expect(screen.rows[1].prefix(7) == [0, 0x20, 4, 0x20, 0, 0x20, 1])
    }

    @Test func beyondEightLettersTheRareOnesFold() {
        // Ten letters: ờ ở ữ twice, then ạ ả ấ ầ ẩ ậ ắ once each.
        let frame = Frame(size: Self.size, lines: ["ạảấờầởữẩậắ", "ờởữ"])
        let screen = Self.planner.plan(frame, loaded: Self.empty)
        #expect(slots(screen) == ["ờ": 0, "ở": 1, "ữ": 2, "ạ": 3, "ả": 4, "ấ": 5, "ầ": 6, "ẩ": 7])
        #expect(screen.rows[0] == [3, 4, 5, 0, 6, 1, 2, 7, UInt8(ascii: "a"), UInt8(ascii: "a")] + Array(repeating: 0x20, count: 6))
        #expect(screen.glyphs.allSatisfy { $0 != nil })
    }

    @Test func loadedGlyphsKeepTheirSlotsAndEmptySlotsGoFirst() {
        var loaded = Self.empty
        loaded[5] = glyph("ý")
        loaded[0] = glyph("ệ")     // stale: not on the new screen
        let screen = Self.planner.plan(Frame(size: Self.size, lines: ["Cảm ơn quý khách"]), loaded: loaded)
        #expect(slots(screen) == ["ý": 5, "ả": 1, "ơ": 2, "á": 3])
        #expect(screen.glyphSlotsToDefine(from: loaded).map(\.slot) == [1, 2, 3], "ý is already there")
        #expect(screen.glyphSlotsToDefine(from: loaded).first?.bitmap == glyph("ả"))
        let after = screen.loadedGlyphs(after: loaded)
        #expect(after[0] == glyph("ệ") && after[5] == glyph("ý") && after[1] == glyph("ả"))
        let again = Self.planner.plan(Frame(size: Self.size, lines: ["Cảm ơn quý khách"]), loaded: after)
        #expect(again == screen, "planned again: nothing moves")
        #expect(screen.glyphSlotsToDefine(from: after).isEmpty)
    }

    @Test func staleSlotsAreReusedLowestFirst() {
        let full = Self.planner.plan(Frame(size: Self.size, lines: ["àáảãạăằắ"]), loaded: Self.empty)
        let loaded = full.loadedGlyphs(after: Self.empty)
        let screen = Self.planner.plan(Frame(size: Self.size, lines: ["ã ộ ể"]), loaded: loaded)
        #expect(slots(screen) == ["ã": 3, "ộ": 0, "ể": 1])
        #expect(screen.glyphSlotsToDefine(from: loaded).map(\.slot) == [0, 1])
    }

    @Test func aRowShowingARedefinedSlotIsRewrittenEvenWithTheSameCodes() {
        let hd = HD44780Protocol(size: Self.size)
        let first = Self.planner.plan(Frame(size: Self.size, lines: ["àáảã ạ", "ăằ ắ"]), loaded: Self.empty)
        let loaded = first.loadedGlyphs(after: Self.empty)
        // ạ (slot 4) leaves, ẳ takes its slot: row 0 keeps its codes but changes on the glass.
        let second = Self.planner.plan(Frame(size: Self.size, lines: ["àáảã ẳ", "ăằ ắ"]), loaded: loaded)
        #expect(second.rows == first.rows)
        #expect(second.glyphSlotsToDefine(from: loaded).map(\.slot) == [4])
        #expect(second.rowsToRewrite(after: first) == [0])
        #expect(second.rowsToRewrite(after: nil) == [0, 1])
        #expect(second.rowsToRewrite(after: second).isEmpty)
        // A changed code alone also counts.
        let third = Self.planner.plan(Frame(size: Self.size, lines: ["àáảã ẳ", "ăằ  "]),
                                      loaded: second.loadedGlyphs(after: loaded))
        #expect(third.rowsToRewrite(after: second) == [1])

        var model = HD44780Model(size: Self.size)
        model.feed(hd.initialisation() + steps(hd, first, after: nil, loaded: Self.empty))
        #expect(shown(model) == ["àáảã ạ          ", "ăằ ắ            "])
        model.feed(steps(hd, second, after: first, loaded: loaded))
        #expect(shown(model) == ["àáảã ẳ          ", "ăằ ắ            "])
        #expect(model.violations.isEmpty && model.unsupported.isEmpty)
    }

    @Test func theROMsYenAndArrowsAreAvoided() {
        let screen = Self.planner.plan(Frame(size: Self.size, lines: ["a\\b~c", "€\u{7F}\tÿ"]), loaded: Self.empty)
        #expect(Array(screen.rows[0].prefix(5)) == Array("a/b-c".utf8))
        #expect(Array(screen.rows[1].prefix(4)) == Array("????".utf8))
    }

    @Test func withoutGlyphsEverythingFoldsToASCII() {
        let planner = HD44780ScreenPlanner(vietnameseGlyphs: false)
        for content in [ScreenContent.idle, .thanks(Score.all[4]), .storeProblem, .followUp(page: 0)] {
            let frame = ScreenComposer(size: Self.size, language: .vi).compose(content)
            let screen = planner.plan(frame, loaded: Self.empty)
            #expect(screen.glyphs == Self.empty)
            #expect(screen.rows.map { String(decoding: $0, as: UTF8.self) } == frame.lines.map(VietnameseFolding.fold), "\(content)")
            #expect(screen.rows.joined().allSatisfy { (0x20...0x7D).contains($0) && $0 != 0x5C })
        }
    }

    static let vietnameseScreens: [ScreenContent] =
        [.idle, .storeProblem] + Score.all.map { .thanks($0) } + (0...4).map { .followUp(page: $0) }

    /// Every Vietnamese screen, alone on a fresh display and one after another on the same one,
    /// shows every letter with its accents.
    @Test(arguments: [GridSize(columns: 16, rows: 2), GridSize(columns: 20, rows: 2)])
    func everyVietnameseScreenKeepsEveryAccent(_ size: GridSize) {
        let hd = HD44780Protocol(size: size)
        let composer = ScreenComposer(size: size, language: .vi)
        var running = HD44780Model(size: size)
        running.feed(hd.initialisation())
        var previous: HD44780Screen?
        var loaded = Self.empty
        for content in Self.vietnameseScreens + Self.vietnameseScreens.reversed() {
            let frame = composer.compose(content)
            let fresh = Self.planner.plan(frame, loaded: Self.empty)
            var model = HD44780Model(size: size)
            model.feed(hd.initialisation() + steps(hd, fresh, after: nil, loaded: Self.empty))
            #expect(shown(model) == frame.lines, "\(size) \(content)")
            #expect(model.violations.isEmpty && model.unsupported.isEmpty)

            let screen = Self.planner.plan(frame, loaded: loaded)
            running.feed(steps(hd, screen, after: previous, loaded: loaded))
            #expect(shown(running) == frame.lines, "\(size) \(content) after another screen")
            loaded = screen.loadedGlyphs(after: loaded)
            previous = screen
        }
        #expect(running.violations.isEmpty && running.unsupported.isEmpty)
    }
}
