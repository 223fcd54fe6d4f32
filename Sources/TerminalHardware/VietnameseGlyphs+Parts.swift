/// The pixel art that `VietnameseGlyphs` composes: letter bodies and marks, each drawn as
/// 5-pixel rows ('#' lit) already in its columns; `top` is the cell row of its first line.
extension VietnameseGlyphs {
    /// A piece of a glyph: its rows and the cell row where the first one goes.
    struct Part {
        let top: Int
        let rows: [UInt8]

        init(top: Int, _ art: String...) {
            self.top = top
            self.rows = art.map { line in line.reduce(0) { $0 << 1 | ($1 == "#" ? 1 : 0) } }
        }
    }

    /// Marks above (rows 0-1) over a full-height body; on a stacked letter, the tone above a
    /// one-row breve or circumflex.
    static let toneAbove: [Tone: Part] = [
        .grave: Part(top: 0, ".#...", "..#.."),
        .acute: Part(top: 0, "...#.", "..#.."),
        .hook: Part(top: 0, "..##.", "...#."),   // the top of a "?": a bar, then down
        .tilde: Part(top: 0, ".##.#", "#..#."),
    ]

    /// Tones to the right of the narrow circumflex (`narrowCircumflex`) on ấ ầ ẩ ế ề ể ố ồ ổ.
    static let toneBeside: [Tone: Part] = [
        .grave: Part(top: 0, "...#.", "....#"),
        .acute: Part(top: 0, "....#", "...#."),
        .hook: Part(top: 0, "...##", "....#", "....#"),
    ]

    static let dotBelow = Part(top: 7, "..#..")
    static let circumflex = Part(top: 0, "..#..", ".#.#.")
    /// The circumflex beside a tone (rows 1-2, columns 0-2).
    static let narrowCircumflex = Part(top: 1, ".#...", "#.#..")
    /// The circumflex under a tilde: its apex, resting on the compact body's top.
    static let circumflexApex = Part(top: 2, "..#..")
    /// The breve: two arms that make a cup with the body's top row (one row above it).
    static func breveArms(onBodyAt top: Int) -> Part {
        Part(top: top - 1, "#...#")
    }

    static let dBar = Part(top: 0, "....#", "..###", "....#", ".####", "#...#", "#...#", ".####")
    static let capitalDBar = Part(top: 0, ".###.", ".#..#", ".#..#", "###.#", ".#..#", ".#..#", ".###.")

    /// Bodies under one mark: five rows on the ROM's baseline (row 6), like its own lowercase
    /// letters; i and I are four rows, so that their mark keeps a gap like the ROM's dot on i.
    static func body(_ vowel: Vowel, uppercase: Bool) -> Part {
        switch (vowel.base, vowel.shape == .horn, uppercase) {
        case ("a", _, false): Part(top: 2, ".###.", "....#", ".####", "#...#", ".####")
        case ("e", _, false): Part(top: 2, ".###.", "#...#", "#####", "#....", ".###.")
        case ("i", _, false): Part(top: 3, ".##..", "..#..", "..#..", ".###.")
        case ("o", false, false): Part(top: 2, ".###.", "#...#", "#...#", "#...#", ".###.")
        case ("o", true, false): Part(top: 2, ".##.#", "#..#.", "#..#.", "#..#.", ".##..")
        case ("u", false, false): Part(top: 2, "#...#", "#...#", "#...#", "#..##", ".##.#")
        case ("u", true, false): Part(top: 2, "#..##", "#..#.", "#..#.", "#.##.", ".#.#.")
        case ("y", _, false): Part(top: 2, "#...#", "#...#", ".####", "....#", ".###.")
        case ("a", _, true): Part(top: 2, ".###.", "#...#", "#####", "#...#", "#...#")
        case ("e", _, true): Part(top: 2, "#####", "#....", "####.", "#....", "#####")
        case ("i", _, true): Part(top: 3, ".###.", "..#..", "..#..", ".###.")
        // A five-row capital O would be the lowercase o: the capital is square.
        case ("o", false, true): Part(top: 2, "#####", "#...#", "#...#", "#...#", "#####")
        case ("o", true, true): Part(top: 1, "....#", "####.", "#..#.", "#..#.", "#..#.", "####.")
        case ("u", false, true): Part(top: 2, "#...#", "#...#", "#...#", "#...#", ".###.")
        case ("u", true, true): Part(top: 2, "#..##", "#..#.", "#..#.", "#..#.", ".##..")
        default: Part(top: 2, "#...#", "#...#", ".#.#.", "..#..", "..#..") // Y
        }
    }

    /// Four-row bodies (rows 3-6) under a breve or circumflex that carries a tone too.
    static func compactBody(_ vowel: Vowel, uppercase: Bool) -> Part {
        switch (vowel.base, uppercase) {
        case ("a", false): Part(top: 3, ".###.", "#..#.", "#..#.", ".####")
        case ("e", false): Part(top: 3, ".###.", "#####", "#....", ".###.")
        case ("o", false): Part(top: 3, ".###.", "#...#", "#...#", ".###.")
        case ("a", true): Part(top: 3, ".###.", "#...#", "#####", "#...#")
        case ("e", true): Part(top: 3, "#####", "###..", "#....", "#####")
        default: Part(top: 3, "#####", "#...#", "#...#", "#####") // O
        }
    }
}
