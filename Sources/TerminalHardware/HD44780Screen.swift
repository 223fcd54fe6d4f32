import RatingCore

/// What an HD44780 shows for one frame: a character code per cell and the glyphs its CGRAM must hold.
public struct HD44780Screen: Hashable, Sendable {
    /// The number of custom glyphs (CGRAM slots 0…7) of an HD44780 in 5×8 mode.
    public static let slotCount = 8

    /// One row of character codes per display row: 0...7 are CGRAM slots, other codes are the ROM's (ASCII range).
    public var rows: [[UInt8]]
    /// The bitmap each CGRAM slot must hold for these rows (nil: slot unused by this screen).
    public var glyphs: [[UInt8]?]   // always 8 entries

    /// A screen of `rows`; `glyphs` is cut or padded with `nil` to 8 entries.
    public init(rows: [[UInt8]], glyphs: [[UInt8]?] = []) {
        self.rows = rows
        self.glyphs = Self.eightSlots(glyphs)
    }

    /// The slots to define before showing `rows`, in slot order: those whose bitmap differs
    /// from what `loaded` (the CGRAM now on the device, `nil` = unknown) says they hold.
    /// Slots this screen does not use are left as they are.
    public func glyphSlotsToDefine(from loaded: [[UInt8]?]) -> [(slot: UInt8, bitmap: [UInt8])] {
        let loaded = Self.eightSlots(loaded)
        return glyphs.indices.compactMap { slot in
            guard let bitmap = glyphs[slot], loaded[slot] != bitmap else { return nil }
            return (UInt8(slot), bitmap)
        }
    }

    /// The CGRAM content once this screen's slots are defined over `loaded`: what to pass as
    /// `loaded` when planning the next frame.
    public func loadedGlyphs(after loaded: [[UInt8]?]) -> [[UInt8]?] {
        zip(Self.eightSlots(loaded), glyphs).map { old, new in new ?? old }
    }

    /// The indices of the rows to rewrite after `previous` was shown; every row when nothing
    /// is known to be on the device (`previous` nil). A row is rewritten when its codes differ,
    /// or when it shows a slot whose bitmap this screen redefines: redefining CGRAM changes
    /// every cell showing that code at once, so such a row changes on the glass even with the
    /// same codes. (The controller repaints those cells as soon as the slot is defined, so the
    /// picture is right either way; counting the row keeps "rows rewritten" equal to "rows
    /// whose look changed" for a driver that flushes or reports by row.)
    public func rowsToRewrite(after previous: HD44780Screen?) -> [Int] {
        guard let previous, previous.rows.count == rows.count else { return Array(rows.indices) }
        let redefined = Set(glyphs.indices.filter { slot in
            glyphs[slot] != nil && glyphs[slot] != previous.glyphs[slot]
        }.map(UInt8.init))
        return rows.indices.filter { index in
            rows[index] != previous.rows[index] || rows[index].contains(where: redefined.contains)
        }
    }

    static func eightSlots(_ glyphs: [[UInt8]?]) -> [[UInt8]?] {
        Array(glyphs.prefix(slotCount)) + Array(repeating: nil, count: max(0, slotCount - glyphs.count))
    }
}

/// Plans what an HD44780 with ROM A00 shows for a frame: which Vietnamese letters get one of
/// the 8 custom glyphs, in which slot, and the character code of every cell. Pure: no I/O.
public struct HD44780ScreenPlanner: Sendable {
    /// Whether Vietnamese letters get custom glyphs (else every letter folds to ASCII).
    public var vietnameseGlyphs: Bool

    /// A planner that gives Vietnamese letters custom glyphs, or folds them all to ASCII.
    public init(vietnameseGlyphs: Bool) {
        self.vietnameseGlyphs = vietnameseGlyphs
    }

    /// Plans `frame`. Slots whose glyph is already in `loaded` (the CGRAM content now on the
    /// device, 8 entries, nil = unknown/empty) keep their slot, so an unchanged letter never
    /// moves; new letters take free slots.
    ///
    /// The accented letters of the frame get slots most frequent first (ties: first in reading
    /// order), at most 8; the others fold to ASCII (`VietnameseFolding`). A slot is free when
    /// this frame does not use its glyph: empty or unknown slots are taken first, then the
    /// lowest stale ones, so that glyphs of other screens stay for when they come back.
    public func plan(_ frame: Frame, loaded: [[UInt8]?]) -> HD44780Screen {
        let loaded = HD44780Screen.eightSlots(loaded)
        let letters = vietnameseGlyphs ? rankedLetters(frame) : []
        var slots: [Character: UInt8] = [:]
        var glyphs = [[UInt8]?](repeating: nil, count: HD44780Screen.slotCount)
        var waiting: [(Character, [UInt8])] = []
        for (letter, bitmap) in letters {
            if let slot = loaded.indices.first(where: { loaded[$0] == bitmap && glyphs[$0] == nil }) {
                slots[letter] = UInt8(slot)
                glyphs[slot] = bitmap
            } else {
                waiting.append((letter, bitmap))
            }
        }
        let free = glyphs.indices.filter { glyphs[$0] == nil }
            .sorted { (loaded[$0] == nil ? 0 : 1, $0) < (loaded[$1] == nil ? 0 : 1, $1) }
        for ((letter, bitmap), slot) in zip(waiting, free) {
            slots[letter] = UInt8(slot)
            glyphs[slot] = bitmap
        }
        let rows = frame.rows.map { row in row.map { slots[$0] ?? Self.romCode(for: $0) } }
        return HD44780Screen(rows: rows, glyphs: glyphs)
    }

    /// The frame's letters that have a glyph, with it: most frequent first, ties in reading
    /// order; at most 8.
    private func rankedLetters(_ frame: Frame) -> [(Character, [UInt8])] {
        var counts: [Character: Int] = [:]
        var order: [Character] = []
        for character in frame.rows.joined() where VietnameseGlyphs.bitmap(for: character) != nil {
            if counts[character] == nil { order.append(character) }
            counts[character, default: 0] += 1
        }
        let ranked = order.enumerated().sorted { lhs, rhs in
            (counts[lhs.element] ?? 0, -lhs.offset) > (counts[rhs.element] ?? 0, -rhs.offset)
        }
        return ranked.prefix(HD44780Screen.slotCount).compactMap { _, letter in
            VietnameseGlyphs.bitmap(for: letter).map { (letter, $0) }
        }
    }

    /// The ROM A00 code for `character`: folded to ASCII, "?" outside printable ASCII; "\" and
    /// "~" become "/" and "-", since A00 shows ¥ at 0x5C and arrows at 0x7E and 0x7F.
    static func romCode(for character: Character) -> UInt8 {
        let code = DisplayText.ascii([character])[0]
        switch code {
        case UInt8(ascii: "\\"): return UInt8(ascii: "/")
        case UInt8(ascii: "~"): return UInt8(ascii: "-")
        default: return code
        }
    }
}
