import RatingCore

/// One step a driver of an HD44780 behind a PCF8574 I2C backpack executes in order:
/// write one byte to the expander (SMBus write_byte), or sleep at least the given time.
public enum HD44780Step: Hashable, Sendable {
    /// One byte for the PCF8574's outputs P0…P7.
    case write(UInt8)
    /// Sleep at least this long before the next step.
    case wait(Duration)
}

/// The HD44780 instruction set as the PCF8574 byte stream of a typical I2C backpack: pure,
/// no I/O. Pin layout P0 = RS, P1 = RW (always 0: the driver never reads), P2 = EN,
/// P3 = backlight, P4…P7 = D4…D7. The controller runs in 4-bit mode; every nibble is
/// written as three bytes (EN low, EN high, EN low) so that it latches on EN's falling edge,
/// and every byte is its high nibble, then its low nibble.
public struct HD44780Protocol: Hashable, Sendable {
    /// Register select: set for data (DDRAM/CGRAM), clear for instructions.
    public static let registerSelectBit: UInt8 = 0x01
    /// Read/write: never set by this protocol.
    public static let readWriteBit: UInt8 = 0x02
    /// The enable strobe.
    public static let enableBit: UInt8 = 0x04
    /// The backlight transistor.
    public static let backlightBit: UInt8 = 0x08
    /// DDRAM address of column 0 of each row of a display `columns` wide: rows 2 and 3 of a
    /// 4-row module continue rows 0 and 1 (0x14 and 0x54 on 20×4, 0x10 and 0x50 on 16×4).
    public static func rowOffsets(columns: Int) -> [UInt8] {
        let width = UInt8(clamping: columns)
        return [0x00, 0x40, width, 0x40 &+ width]
    }

    /// Waits of the initialisation and of Clear Display, with margin over the datasheet's
    /// minimums (given there for a 270 kHz oscillator; slower parts take longer).
    public enum Timing {
        /// After power-on, before the first nibble (datasheet: > 40 ms after Vcc reaches 2.7 V).
        public static let powerOn: Duration = .milliseconds(50)
        /// After the first 0x3 nibble (datasheet: > 4.1 ms).
        public static let firstReset: Duration = .microseconds(4_500)
        /// After the second and third 0x3 nibbles (datasheet: > 100 µs).
        public static let laterReset: Duration = .microseconds(150)
        /// After Clear Display (datasheet: 1.52 ms).
        public static let clear: Duration = .milliseconds(2)
    }

    /// The visible grid: 16×2, 20×2 or 20×4 (at most 4 rows, 40 columns per controller line).
    public var size: GridSize
    /// Whether every byte written keeps the backlight on (P3 set).
    public var backlight: Bool

    /// A protocol for a display of `size`, with the backlight on or off.
    public init(size: GridSize, backlight: Bool = true) {
        self.size = size
        self.backlight = backlight
    }

    private var backlightFlag: UInt8 { backlight ? Self.backlightBit : 0 }

    /// The datasheet's "initialising by instruction" for 4-bit mode: 0x3 three times with its
    /// waits, 0x2 (4-bit), then Function Set (2 lines, 5×8), Display off, Clear, Entry mode
    /// (increment, no shift), Display on (cursor and blink off). Starts by setting the
    /// expander's outputs to "all low but the backlight" and waiting the power-on delay.
    public func initialisation() -> [HD44780Step] {
        var steps: [HD44780Step] = [.write(backlightFlag), .wait(Timing.powerOn)]
        steps += nibble(0x3, data: false) + [.wait(Timing.firstReset)]
        steps += nibble(0x3, data: false) + [.wait(Timing.laterReset)]
        steps += nibble(0x3, data: false) + [.wait(Timing.laterReset)]
        steps += nibble(0x2, data: false)
        steps += command(0x28)
        steps += command(0x08)
        steps += clear()
        steps += command(0x06)
        steps += command(0x0C)
        return steps
    }

    /// Clear Display (all DDRAM to spaces, address 0, increment) and its wait.
    public func clear() -> [HD44780Step] {
        command(0x01) + [.wait(Timing.clear)]
    }

    /// One instruction byte (RS = 0) as two nibbles.
    public func command(_ byte: UInt8) -> [HD44780Step] {
        nibble(byte >> 4, data: false) + nibble(byte & 0x0F, data: false)
    }

    /// One data byte (RS = 1) for DDRAM or CGRAM, whichever was addressed last.
    public func data(_ byte: UInt8) -> [HD44780Step] {
        nibble(byte >> 4, data: true) + nibble(byte & 0x0F, data: true)
    }

    /// One nibble (low 4 bits of `value`) strobed in: without EN, with EN, without EN.
    public func nibble(_ value: UInt8, data: Bool) -> [HD44780Step] {
        let byte = (value & 0x0F) << 4 | backlightFlag | (data ? Self.registerSelectBit : 0)
        return [.write(byte), .write(byte | Self.enableBit), .write(byte)]
    }

    /// The DDRAM address of `column`, `row`; `nil` outside the grid.
    public func address(column: Int, row: Int) -> UInt8? {
        let offsets = Self.rowOffsets(columns: size.columns)
        guard (0..<min(size.rows, offsets.count)).contains(row),
              (0..<min(size.columns, 40)).contains(column) else { return nil }
        return offsets[row] + UInt8(column)
    }

    /// Set DDRAM Address (0x80 | address) to `column`, `row`; empty outside the grid.
    public func setCursor(column: Int, row: Int) -> [HD44780Step] {
        guard let address = address(column: column, row: row) else { return [] }
        return command(0x80 | address)
    }

    /// Writes `codes` (character codes, cut to the width) from column 0 of `row`.
    public func writeRow(_ row: Int, codes: [UInt8]) -> [HD44780Step] {
        let cursor = setCursor(column: 0, row: row)
        guard !cursor.isEmpty else { return [] }
        return cursor + codes.prefix(size.columns).flatMap { data($0) }
    }

    /// The steps that turn a screen showing `oldRows` into `newRows`: only the rows that
    /// differ are rewritten (all of them when `oldRows` is `nil`, e.g. after initialisation).
    /// Rows beyond the grid are ignored.
    public func steps(toShow newRows: [[UInt8]], after oldRows: [[UInt8]]?) -> [HD44780Step] {
        var steps: [HD44780Step] = []
        for (index, row) in newRows.prefix(size.rows).enumerated() {
            if let oldRows, index < oldRows.count, oldRows[index] == row { continue }
            steps += writeRow(index, codes: row)
        }
        return steps
    }

    /// Defines custom character `slot` (0…7; higher bits are ignored) from up to 8 rows of
    /// 5 pixels each (bit 4 is the leftmost; missing rows are blank). Afterwards the address
    /// counter points into CGRAM: set a DDRAM address (e.g. `setCursor`) before writing text.
    /// DDRAM codes `slot` (and `slot + 8`) then show the glyph.
    public func defineCharacter(slot: UInt8, rows: [UInt8]) -> [HD44780Step] {
        let bitmap = Array(rows.prefix(8)) + Array(repeating: 0, count: max(0, 8 - rows.count))
        return command(0x40 | (slot & 0x07) << 3) + bitmap.flatMap { data($0 & 0x1F) }
    }

    /// A single byte that switches the backlight to `backlight` without strobing EN.
    public func backlightSwitch() -> [HD44780Step] {
        [.write(backlightFlag)]
    }
}
