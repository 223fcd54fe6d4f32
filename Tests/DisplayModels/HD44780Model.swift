import RatingCore
import TerminalHardware

/// A model of an HD44780 behind a PCF8574 backpack, fed with the bytes written to the
/// expander (P0 = RS, P1 = RW, P2 = EN, P3 = backlight, P4…P7 = D4…D7). Like the chip, it
/// latches a nibble when EN falls; it starts in 8-bit mode (each nibble is a whole instruction,
/// D0…D3 read as 0) until Function Set selects 4 bits, then pairs nibbles high first.
/// It executes Clear, Return Home, Entry Mode, Display Control, Function Set and the
/// CGRAM/DDRAM addresses, and data writes with auto-increment; anything else lands in `unsupported`.
public struct HD44780Model: Sendable {
    public let size: GridSize
    /// 128 DDRAM cells by address (only 0x00…0x27 and 0x40…0x67 exist in 2-line mode).
    public private(set) var ddram = [UInt8](repeating: 0x20, count: 128)
    /// 8 glyphs × 8 rows of 5 bits.
    public private(set) var cgram = [UInt8](repeating: 0, count: 64)
    public private(set) var backlight = false
    public private(set) var fourBitMode = false
    public private(set) var twoLines = false
    public private(set) var displayOn = false
    public private(set) var increment = true
    public private(set) var addressingCGRAM = false
    public private(set) var address = 0
    /// Every instruction byte executed, in order.
    public private(set) var commands: [UInt8] = []
    /// Data bytes written (DDRAM or CGRAM).
    public private(set) var dataWrites = 0
    /// Protocol faults: RW set, data changed while EN was high, a byte split across RS.
    public private(set) var violations: [String] = []
    /// Instructions the model does not implement.
    public private(set) var unsupported: [UInt8] = []

    private var previous: UInt8 = 0
    private var pendingHigh: (nibble: UInt8, rs: Bool)?

    public init(size: GridSize) { self.size = size }

    /// The Set DDRAM Address instructions executed.
    public var setCursorCommands: [UInt8] { commands.filter { $0 & 0x80 != 0 } }

    /// Feeds the `write` steps; waits are ignored.
    public mutating func feed(_ steps: [HD44780Step]) {
        for case .write(let byte) in steps { feed(byte) }
    }

    /// Feeds one byte as written to the expander.
    public mutating func feed(_ byte: UInt8) {
        backlight = byte & 0x08 != 0
        if byte & 0x02 != 0 { violations.append("RW set in \(hex(byte))") }
        if previous & 0x04 != 0 {
            if byte & 0x04 == 0 { latch(nibble: previous >> 4, rs: previous & 0x01 != 0) }
            if (byte ^ previous) & 0xF1 != 0 { violations.append("data changed while EN high: \(hex(previous))→\(hex(byte))") }
        }
        previous = byte
    }

    private mutating func latch(nibble: UInt8, rs: Bool) {
        guard fourBitMode else { return execute(nibble << 4, rs: rs) }
        guard let high = pendingHigh else { pendingHigh = (nibble, rs); return }
        pendingHigh = nil
        if high.rs != rs { violations.append("nibbles of one byte with different RS") }
        execute(high.nibble << 4 | nibble, rs: rs)
    }

    private mutating func execute(_ byte: UInt8, rs: Bool) {
        if rs { return write(byte) }
        commands.append(byte)
        switch byte {
        case 0x00: unsupported.append(byte)
        case 0x01:
            ddram = [UInt8](repeating: 0x20, count: 128)
            (address, addressingCGRAM, increment) = (0, false, true)
        case 0x02...0x03: (address, addressingCGRAM) = (0, false)
        case 0x04...0x07:
            increment = byte & 0x02 != 0
            if byte & 0x01 != 0 { unsupported.append(byte) }
        case 0x08...0x0F: displayOn = byte & 0x04 != 0
        case 0x10...0x1F: unsupported.append(byte)
        case 0x20...0x3F:
            fourBitMode = byte & 0x10 == 0
            twoLines = byte & 0x08 != 0
        case 0x40...0x7F: (address, addressingCGRAM) = (Int(byte & 0x3F), true)
        default: (address, addressingCGRAM) = (Int(byte & 0x7F), false)
        }
    }

    private mutating func write(_ byte: UInt8) {
        dataWrites += 1
        if addressingCGRAM {
            cgram[address] = byte & 0x1F
            address = (address + (increment ? 1 : 63)) & 0x3F
            return
        }
        ddram[address] = byte
        address = nextDDRAMAddress(after: address)
    }

    private func nextDDRAMAddress(after current: Int) -> Int {
        guard twoLines else { return increment ? (current + 1) % 80 : (current + 79) % 80 }
        let line = current & 0x40
        let offset = current & 0x3F
        if increment { return offset == 0x27 ? (line ^ 0x40) : current + 1 }
        return offset == 0 ? (line ^ 0x40) + 0x27 : current - 1
    }

    /// The visible rows' character codes.
    public var codes: [[UInt8]] {
        (0..<size.rows).map { row in
            let start = Int(HD44780Protocol.rowOffsets(columns: size.columns)[row])
            return Array(ddram[start..<start + size.columns])
        }
    }

    /// The visible screen as text: codes 0…15 (CGRAM) through `glyphs` by slot, else as the
    /// scalar of their code; 0x20…0x7D as ASCII; others as "?".
    public func lines(glyphs: [UInt8: Character] = [:]) -> [String] {
        codes.map { row in
            String(row.map { code -> Character in
                switch code {
                case 0x00...0x0F: return glyphs[code & 0x07] ?? Character(Unicode.Scalar(code & 0x07))
                case 0x20...0x7D: return Character(Unicode.Scalar(code))
                default: return "?"
                }
            })
        }
    }

    /// The 8 rows of glyph `slot`.
    public func glyph(_ slot: Int) -> [UInt8] { Array(cgram[(slot & 7) * 8..<(slot & 7) * 8 + 8]) }

    private func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16, uppercase: true)
        return "0x" + (text.count < 2 ? "0" + text : text)
    }
}
