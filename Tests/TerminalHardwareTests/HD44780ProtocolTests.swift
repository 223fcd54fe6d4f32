import DisplayModels
import RatingCore
import TerminalHardware
import Testing

/// The HD44780-over-PCF8574 byte stream, checked byte for byte and through `HD44780Model`.
struct HD44780ProtocolTests {
    /// ASCII codes of a frame (anything else as "?").
    func codes(_ frame: Frame) -> [[UInt8]] { frame.rows.map { $0.map { $0.asciiValue ?? 0x3F } } }

    /// A model that has executed the initialisation and `steps`.
    func model(_ hd: HD44780Protocol, _ steps: [HD44780Step]) -> HD44780Model {
        var model = HD44780Model(size: hd.size)
        model.feed(hd.initialisation() + steps)
        return model
    }

    @Test func initialisationIsTheDatasheetSequenceByteForByte() {
        let steps = HD44780Protocol(size: GridSize(columns: 16, rows: 2)).initialisation()
        func nibble(_ n: UInt8) -> [HD44780Step] { [.write(n << 4 | 0x08), .write(n << 4 | 0x0C), .write(n << 4 | 0x08)] }
        let expected: [HD44780Step] = [.write(0x08), .wait(.milliseconds(50))]
            + nibble(0x3) + [.wait(.microseconds(4_500))]
            + nibble(0x3) + [.wait(.microseconds(150))]
            + nibble(0x3) + [.wait(.microseconds(150))]
            + nibble(0x2)
            + nibble(0x2) + nibble(0x8)                          // Function Set: 4-bit, 2 lines, 5×8
            + nibble(0x0) + nibble(0x8)                          // Display off
            + nibble(0x0) + nibble(0x1) + [.wait(.milliseconds(2))] // Clear
            + nibble(0x0) + nibble(0x6)                          // Entry mode: increment
            + nibble(0x0) + nibble(0xC)                          // Display on
        #expect(steps == expected)
        let waits = steps.compactMap { step -> Duration? in if case .wait(let d) = step { d } else { nil } }
        #expect(waits.count == 5)
        let minimums: [Duration] = [.milliseconds(40), .microseconds(4_100), .microseconds(100), .microseconds(100), .microseconds(1_520)]
        #expect(zip(waits, minimums).allSatisfy { $0 >= $1 }, "every wait at least the datasheet's")

        var model = HD44780Model(size: GridSize(columns: 16, rows: 2))
        model.feed(steps)
        #expect(model.commands == [0x30, 0x30, 0x30, 0x20, 0x28, 0x08, 0x01, 0x06, 0x0C])
        #expect(model.fourBitMode && model.twoLines && model.displayOn && model.increment)
        #expect(model.lines() == [String(repeating: " ", count: 16), String(repeating: " ", count: 16)])
        #expect(model.violations.isEmpty && model.unsupported.isEmpty)
    }

    @Test func setCursorUsesTheRowOffsets() {
        let hd = HD44780Protocol(size: GridSize(columns: 20, rows: 4))
        #expect([0, 1, 2, 3].compactMap { hd.address(column: 0, row: $0) } == [0x00, 0x40, 0x14, 0x54])
        #expect(hd.address(column: 19, row: 3) == 0x67)
        #expect(hd.address(column: 20, row: 0) == nil && hd.address(column: 0, row: 4) == nil)
        #expect(hd.setCursor(column: 5, row: 2) == hd.command(0x80 | 0x19))
        #expect(hd.setCursor(column: 0, row: 4).isEmpty)
    }

    @Test(arguments: [(GridSize(columns: 16, rows: 2), Language.vi), (GridSize(columns: 20, rows: 4), Language.en)])
    func composedFramesDecodeToTheSameText(_ size: GridSize, _ language: Language) {
        let hd = HD44780Protocol(size: size)
        for content in [ScreenContent.idle, .thanks(Score.all[4]), .storeProblem] {
            let frame = ScreenComposer(size: size, language: language, foldToASCII: true).compose(content)
            let decoded = model(hd, hd.steps(toShow: codes(frame), after: nil))
            #expect(decoded.lines() == frame.lines, "\(size) \(content)")
            #expect(decoded.setCursorCommands.count == size.rows)
            #expect(decoded.violations.isEmpty && decoded.unsupported.isEmpty)
        }
    }

    @Test func aChangedRowIsTheOnlyRowRewritten() {
        let size = GridSize(columns: 20, rows: 4)
        let hd = HD44780Protocol(size: size)
        let first = Frame(size: size, lines: ["Rate us", "1 2 3 4 5", "Danh gia", "Quay 1"])
        let second = Frame(size: size, lines: ["Rate us", "1 2 3 4 5", "Danh gia", "Quay 2"])
        let initial = hd.steps(toShow: codes(first), after: nil)
        let update = hd.steps(toShow: codes(second), after: codes(first))
        var decoded = model(hd, initial)
        let before = decoded.setCursorCommands.count
        let writesBefore = decoded.dataWrites
        decoded.feed(update)
        #expect(decoded.lines() == second.lines)
        #expect(Array(decoded.setCursorCommands.dropFirst(before)) == [0x80 | 0x54], "only row 3 is addressed")
        #expect(decoded.dataWrites - writesBefore == 20, "one row's worth of data")
        #expect(update == hd.writeRow(3, codes: codes(second)[3]))
        #expect(hd.steps(toShow: codes(second), after: codes(second)).isEmpty, "an unchanged frame sends nothing")
    }

    @Test func aCustomCharacterRoundTripsThroughCGRAM() {
        let size = GridSize(columns: 16, rows: 2)
        let hd = HD44780Protocol(size: size)
        // "ả": a with a hook above.
        let bitmap: [UInt8] = [0b00110, 0b00010, 0b00100, 0b01110, 0b00001, 0b01111, 0b10001, 0b01111]
        let definition = hd.defineCharacter(slot: 3, rows: bitmap)
        #expect(definition.prefix(6) == hd.command(0x58)[...], "Set CGRAM address 0x40 | 3 << 3")
        var row = Array("Cm on".utf8)
        row.insert(3, at: 1)
        let decoded = model(hd, definition + hd.steps(toShow: [row, Array("quy khach".utf8)], after: nil))
        #expect(decoded.glyph(3) == bitmap)
        #expect(decoded.glyph(2) == Array(repeating: 0, count: 8), "other slots untouched")
        #expect(decoded.lines(glyphs: [3: "ả"]) == ["Cảm on" + String(repeating: " ", count: 10), "quy khach" + String(repeating: " ", count: 7)])
        #expect(decoded.lines()[0].unicodeScalars.dropFirst().first == Unicode.Scalar(3))
        #expect(decoded.violations.isEmpty)
    }

    @Test func backlightBitIsOnEveryByteOnlyWhenOn() {
        let size = GridSize(columns: 16, rows: 2)
        let frame = codes(Frame(size: size, lines: ["Hello", "World"]))
        for on in [true, false] {
            let hd = HD44780Protocol(size: size, backlight: on)
            let steps = hd.initialisation() + hd.defineCharacter(slot: 0, rows: [0x1F]) + hd.steps(toShow: frame, after: nil)
            let bytes = steps.compactMap { step -> UInt8? in if case .write(let b) = step { b } else { nil } }
            #expect(bytes.allSatisfy { ($0 & 0x08 != 0) == on }, "backlight \(on)")
            var decoded = HD44780Model(size: size)
            decoded.feed(steps)
            #expect(decoded.backlight == on)
            #expect(decoded.lines()[0].hasPrefix("Hello"))
            #expect(hd.backlightSwitch() == [.write(on ? 0x08 : 0x00)])
            let before = decoded.commands.count + decoded.dataWrites
            decoded.feed(HD44780Protocol(size: size, backlight: !on).backlightSwitch())
            #expect(decoded.backlight == !on, "a standalone byte switches the backlight")
            #expect(decoded.commands.count + decoded.dataWrites == before, "without strobing anything in")
        }
    }
}
