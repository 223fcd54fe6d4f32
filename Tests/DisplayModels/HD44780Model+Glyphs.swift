import TerminalHardware

extension HD44780Model {
    /// The visible screen with each CGRAM slot read back as the Vietnamese letter whose
    /// bitmap it holds (`VietnameseGlyphs`): what a customer reads on the glass.
    public var visibleLines: [String] {
        var letters: [UInt8: Character] = [:]
        for slot in 0..<8 {
            if let letter = Self.letter(ofGlyph: glyph(slot)) { letters[UInt8(slot)] = letter }
        }
        return lines(glyphs: letters)
    }

    /// The Vietnamese letter `bitmap` draws, if it is one of `VietnameseGlyphs`.
    public static func letter(ofGlyph bitmap: [UInt8]) -> Character? { letterOfBitmap[bitmap] }

    /// Every glyph bitmap of `VietnameseGlyphs`, back to its letter.
    private static let letterOfBitmap: [[UInt8]: Character] = {
        var table: [[UInt8]: Character] = [:]
        let lower = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
        for letter in lower + lower.uppercased() {
            if let bitmap = VietnameseGlyphs.bitmap(for: letter) { table[bitmap] = letter }
        }
        return table
    }()
}
