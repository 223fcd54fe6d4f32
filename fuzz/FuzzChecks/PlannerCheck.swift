import RatingCore
// Why @testable: romCode(for:) is internal; see ScreenCheck.swift.
@testable import TerminalHardware

/// The HD44780 glyph planner's invariants over one frame (see ``ScreenCheck``).
enum PlannerCheck {
    static func check(_ frame: Frame, loaded: [[UInt8]?], vietnameseGlyphs: Bool) throws(FuzzViolation) {
        let screen = HD44780ScreenPlanner(vietnameseGlyphs: vietnameseGlyphs).plan(frame, loaded: loaded)
        try require(screen.glyphs.count == HD44780Screen.slotCount, .screen, "\(screen.glyphs.count) glyph slots, not 8")
        try require(screen.rows.count == frame.size.rows && screen.rows.allSatisfy { $0.count == frame.size.columns },
                    .screen, "planned rows \(screen.rows.map(\.count)) for a \(frame.size) frame")
        var letterOfSlot: [UInt8: Character] = [:]
        for (row, codes) in zip(frame.rows, screen.rows) {
            for (character, code) in zip(row, codes) {
                if code < UInt8(HD44780Screen.slotCount) {
                    let bitmap = VietnameseGlyphs.bitmap(for: character)
                    try require(vietnameseGlyphs && bitmap != nil && screen.glyphs[Int(code)] == bitmap, .screen,
                                "\(character.debugDescription) shows slot \(code), which holds another glyph")
                    try require(letterOfSlot[code, default: character] == character, .screen, "slot \(code) shows two letters")
                    letterOfSlot[code] = character
                } else {
                    try require((0x20...0x7E).contains(code) && code != 0x5C && code != 0x7E, .screen,
                                "\(character.debugDescription) shows ROM code \(code), which A00 does not show as text")
                    try require(code == HD44780ScreenPlanner.romCode(for: character), .screen,
                                "\(character.debugDescription) shows \(code), not its ROM code")
                }
            }
        }
        let used = Set(letterOfSlot.keys.map(Int.init))
        try require(screen.glyphs.indices.allSatisfy { used.contains($0) == (screen.glyphs[$0] != nil) }, .screen,
                    "slots \(screen.glyphs.indices.filter { screen.glyphs[$0] != nil }) are defined, \(used.sorted()) shown")
        for bitmap in screen.glyphs.compactMap({ $0 }) {
            try require(bitmap.count == 8 && bitmap.allSatisfy { $0 <= 0x1F }, .screen, "a glyph of \(bitmap.count) rows or wider than 5 pixels")
        }
        let distinct = Set(frame.rows.joined().filter { VietnameseGlyphs.bitmap(for: $0) != nil })
        try require(used.count == (vietnameseGlyphs ? min(distinct.count, HD44780Screen.slotCount) : 0), .screen,
                    "\(used.count) slots used for \(distinct.count) distinct Vietnamese letters")
        // Slots already holding a glyph the frame needs are kept, so unchanged letters never move.
        let after = screen.loadedGlyphs(after: loaded)
        for (slot, bitmap) in screen.glyphSlotsToDefine(from: loaded) {
            try require(after[Int(slot)] == bitmap, .screen, "slot \(slot) holds another glyph after it is defined")
            let idle = loaded.indices.filter { loaded[$0] == bitmap && screen.glyphs[$0] == nil }
            try require(idle.isEmpty, .screen, "slot \(slot) is defined with a glyph already loaded in unused slots \(idle)")
        }
        try require(screen.rowsToRewrite(after: nil) == Array(screen.rows.indices), .screen, "with nothing shown, not every row is written")
    }
}
