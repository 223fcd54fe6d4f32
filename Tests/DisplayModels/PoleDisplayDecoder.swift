/// A screen model of a 2×20 customer display: feeds on the bytes sent to the display and
/// keeps what it would show. Unknown commands are collected in `unknown`, so a test can
/// assert that every byte was understood.
public struct PoleDisplayDecoder: Sendable {
    public enum CommandSet: Sendable { case epson, cd5220 }

    public let commandSet: CommandSet
    public private(set) var rows: [[UInt8]]
    public private(set) var unknown: [[UInt8]] = []
    /// Forms outside the command set's specification that the decoder accepts because LCDd
    /// 0.5.9's serialPOS driver sends them (see `epsonCursor`).
    public private(set) var quirks: Set<String> = []
    private var cursor = (x: 0, y: 0)
    private var buffer: [UInt8] = []

    public init(_ commandSet: CommandSet, columns: Int = 20, rows: Int = 2) {
        self.commandSet = commandSet
        self.rows = Array(repeating: Array(repeating: 0x20, count: columns), count: rows)
    }

    /// The screen as text.
    public var lines: [String] { rows.map { String(decoding: $0, as: UTF8.self) } }

    /// Takes the next bytes; a command split across chunks waits for its rest.
    public mutating func feed(_ bytes: [UInt8]) {
        buffer += bytes
        while !buffer.isEmpty, let used = step() { buffer.removeFirst(used) }
    }

    /// Decodes one command or character at the start of `buffer`: the bytes it used, or `nil` when incomplete.
    private mutating func step() -> Int? {
        let first = buffer[0]
        switch first {
        case 0x1B:
            guard buffer.count >= 2 else { return nil }
            if buffer[1] == 0x40 { clear(); return 2 }
            return commandSet == .epson ? skipUnknown(2) : cd5220Escape()
        case 0x1F where commandSet == .epson:
            guard buffer.count >= 2 else { return nil }
            return buffer[1] == 0x24 ? epsonCursor() : skipUnknown(2)
        case 0x0C: clear(); return 1
        case 0x0B: cursor = (0, 0); return 1
        case 0x0D: cursor.x = 0; return 1
        case 0x0A: cursor.y = (cursor.y + 1) % rows.count; return 1
        case 0x08: cursor.x = max(0, cursor.x - 1); return 1
        case 0x00:
            quirks.insert("NUL byte")
            return 1
        case 0x20...0x7E: put(first); return 1
        default: return skipUnknown(1)
        }
    }

    /// `US $ n m`: column n, row m, 1-based, binary. LCDd 0.5.9 writes them as four ASCII
    /// digits ("%02d%02d") followed by a NUL; binary columns are 1–20, below ASCII "0" (0x30),
    /// so the two forms cannot be confused.
    private mutating func epsonCursor() -> Int? {
        guard buffer.count >= 4 else { return nil }
        if (0x30...0x39).contains(buffer[2]) {
            guard buffer.count >= 6 else { return nil }
            let digits = buffer[2..<6].map { Int($0) - 0x30 }
            guard digits.allSatisfy({ (0...9).contains($0) }) else { return skipUnknown(6) }
            quirks.insert("decimal cursor address")
            moveCursor(column: digits[0] * 10 + digits[1], row: digits[2] * 10 + digits[3])
            return 6
        }
        moveCursor(column: Int(buffer[2]), row: Int(buffer[3]))
        return 4
    }

    /// CD5220: `ESC Q A text CR` (upper line), `ESC Q B text CR` (lower line), `ESC l x y` (cursor).
    private mutating func cd5220Escape() -> Int? {
        if buffer[1] == 0x6C {
            guard buffer.count >= 4 else { return nil }
            moveCursor(column: Int(buffer[2]), row: Int(buffer[3]))
            return 4
        }
        guard buffer[1] == 0x51 else { return skipUnknown(2) }
        guard buffer.count >= 3 else { return nil }
        guard buffer[2] == 0x41 || buffer[2] == 0x42 else { return skipUnknown(3) }
        guard let end = buffer.firstIndex(of: 0x0D) else { return nil }
        let row = Int(buffer[2] - 0x41)
        let text = Array(buffer[3..<end].prefix(rows[row].count))
        rows[row] = text + Array(repeating: 0x20, count: rows[row].count - text.count)
        return end + 1
    }

    private mutating func moveCursor(column: Int, row: Int) {
        guard (1...rows[0].count).contains(column), (1...rows.count).contains(row) else {
            unknown.append(Array(buffer.prefix(4)))
            return
        }
        cursor = (column - 1, row - 1)
    }

    /// Writes at the cursor and advances; past the end of a row the cursor goes to the next row.
    private mutating func put(_ byte: UInt8) {
        rows[cursor.y][cursor.x] = byte
        cursor.x += 1
        if cursor.x == rows[cursor.y].count { cursor = (0, (cursor.y + 1) % rows.count) }
    }

    private mutating func clear() {
        for index in rows.indices { rows[index] = Array(repeating: 0x20, count: rows[index].count) }
        cursor = (0, 0)
    }

    private mutating func skipUnknown(_ count: Int) -> Int {
        unknown.append(Array(buffer.prefix(count)))
        return count
    }
}
