/// 5×8 bitmaps of the precomposed Vietnamese letters, for the eight custom glyphs (CGRAM) of
/// an HD44780, whose ROM A00 has none of them.
///
/// Every glyph is composed from a letter body and its marks (`VietnameseGlyphs+Parts.swift`),
/// so that the same tone looks the same on every letter. Layout, and why:
/// - Bodies sit on the ROM's baseline (row 6) and keep its x-height of five rows, so a glyph
///   next to ROM letters does not jump; a mark above takes rows 0-1, the dot below row 7
///   (the cursor row, free while the cursor is off). With only 8 rows, a mark touches the
///   body's top; it keeps rows of its own, so its shape still reads. i and I are a row shorter
///   to keep a gap under their mark, like the ROM's dot on i.
/// - The breve is two arms one row above the body, making a cup with its top row: a 2-row cup
///   would merge with that row into a bar. The horn is a pixel right of the top of ơ and ư,
///   which are a column narrower for it.
/// - A breve or circumflex with a tone above (ắ, ấ, ễ…) cannot stack two 2-row marks over
///   a 5-row body: these letters have a 4-row body (rows 3-6). The circumflex with an acute,
///   grave or hook is drawn narrow with the tone to its right, as Vietnamese typography places
///   it; a tilde (ẫ) or any tone on a breve (ắ) goes above, as in print, over a one-row breve
///   or circumflex: the breve's arms, or the circumflex's apex, resting on the body's top row.
/// - The tones differ in shape, not only in position: acute "/", grave "\", hook "┐"
///   (the top of a "?"), tilde "~".
/// - Capitals are five rows with the mark above; a capital O is square, since a round one would
///   be the lowercase o (Ơ carries its horn in row 1, beside the mark).
public enum VietnameseGlyphs {
    /// The glyph of `letter` as 8 rows of 5 pixels (values 0…0x1F, bit 4 the leftmost pixel),
    /// for every precomposed Vietnamese letter, lowercase and uppercase, đ and Đ included;
    /// `nil` for anything else (plain ASCII letters among them: the ROM has those).
    public static func bitmap(for letter: Character) -> [UInt8]? {
        bitmaps[letter]
    }

    /// `bitmap` as text, one string per row: "#" for a lit pixel, "." for a dark one.
    public static func asciiArt(_ bitmap: [UInt8]) -> [String] {
        bitmap.map { row in
            String((0..<5).map { column in row & (0x10 >> UInt8(column)) != 0 ? "#" : "." })
        }
    }

    /// A vowel with its shape mark, as Vietnamese counts its twelve vowels.
    enum Vowel: CaseIterable {
        case a, aBreve, aCircumflex, e, eCircumflex, i, o, oCircumflex, oHorn, u, uHorn, y

        /// The lowercase letter without and with each tone, in `Tone`'s order.
        var forms: String {
            switch self {
            case .a: "aàáảãạ"
            case .aBreve: "ăằắẳẵặ"
            case .aCircumflex: "âầấẩẫậ"
            case .e: "eèéẻẽẹ"
            case .eCircumflex: "êềếểễệ"
            case .i: "iìíỉĩị"
            case .o: "oòóỏõọ"
            case .oCircumflex: "ôồốổỗộ"
            case .oHorn: "ơờớởỡợ"
            case .u: "uùúủũụ"
            case .uHorn: "ưừứửữự"
            case .y: "yỳýỷỹỵ"
            }
        }

        /// The ASCII letter it folds to, lowercase.
        var base: Character {
            switch self {
            case .a, .aBreve, .aCircumflex: "a"
            case .e, .eCircumflex: "e"
            case .i: "i"
            case .o, .oCircumflex, .oHorn: "o"
            case .u, .uHorn: "u"
            case .y: "y"
            }
        }

        var shape: Shape {
            switch self {
            case .aBreve: .breve
            case .aCircumflex, .eCircumflex, .oCircumflex: .circumflex
            case .oHorn, .uHorn: .horn
            default: .none
            }
        }
    }

    enum Shape { case none, breve, circumflex, horn }

    /// Vietnamese's six tones; `none` is the level tone, unmarked.
    enum Tone: Int, CaseIterable {
        case none, grave, acute, hook, tilde, dotBelow

        var isAbove: Bool { self != .none && self != .dotBelow }
    }

    /// Every glyph by letter: 12 vowels × 6 tones, less the 6 plain ASCII vowels, plus đ; × 2 cases.
    private static let bitmaps: [Character: [UInt8]] = {
        var bitmaps: [Character: [UInt8]] = [:]
        for vowel in Vowel.allCases {
            for (tone, letter) in zip(Tone.allCases, vowel.forms) where letter != vowel.base {
                bitmaps[letter] = compose(vowel, tone, uppercase: false)
                bitmaps[Character(String(letter).uppercased())] = compose(vowel, tone, uppercase: true)
            }
        }
        bitmaps["đ"] = draw([dBar])
        bitmaps["Đ"] = draw([capitalDBar])
        return bitmaps
    }()

    /// The parts of one vowel glyph, by the layout described on the type.
    static func compose(_ vowel: Vowel, _ tone: Tone, uppercase: Bool) -> [UInt8] {
        let shape = vowel.shape
        if tone.isAbove, shape == .breve || shape == .circumflex {
            let body = compactBody(vowel, uppercase: uppercase)
            if shape == .circumflex, let beside = toneBeside[tone] {
                return draw([body, narrowCircumflex, beside])
            }
            let mark = shape == .breve ? breveArms(onBodyAt: body.top) : circumflexApex
            return draw([body, mark] + (toneAbove[tone].map { [$0] } ?? []))
        }
        let full = body(vowel, uppercase: uppercase)
        var parts = [full]
        switch shape {
        case .breve: parts.append(breveArms(onBodyAt: full.top))
        case .circumflex: parts.append(circumflex)
        case .none, .horn: break
        }
        if let mark = toneAbove[tone] { parts.append(mark) }
        if tone == .dotBelow { parts.append(dotBelow) }
        return draw(parts)
    }

    /// The parts lit together in an empty 5×8 cell.
    private static func draw(_ parts: [Part]) -> [UInt8] {
        var cell = [UInt8](repeating: 0, count: 8)
        for part in parts {
            for (offset, row) in part.rows.enumerated() where cell.indices.contains(part.top + offset) {
                cell[part.top + offset] |= row & 0x1F
            }
        }
        return cell
    }
}
