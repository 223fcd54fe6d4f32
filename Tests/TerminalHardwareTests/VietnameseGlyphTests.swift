@testable import RatingCore
import TerminalHardware
import Testing

/// The custom glyphs of the Vietnamese letters: complete, distinct, and built the same way.
struct VietnameseGlyphTests {
    /// Every precomposed Vietnamese letter, as `VietnameseFolding` lists them (134).
    static let letters: [Character] = VietnameseFolding.letters.flatMap { Array($0.forms) }

    /// The ASCII letters the Vietnamese ones fold to, as the HD44780's ROM A00 draws them (5×8 mode).
    static let rom: [Character: [String]] = [
        "a": [".....", ".....", ".###.", "....#", ".####", "#...#", ".####", "....."],
        "e": [".....", ".....", ".###.", "#...#", "#####", "#....", ".###.", "....."],
        "i": ["..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###.", "....."],
        "o": [".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###.", "....."],
        "u": [".....", ".....", "#...#", "#...#", "#...#", "#..##", ".##.#", "....."],
        "y": [".....", ".....", "#...#", "#...#", ".####", "....#", ".###.", "....."],
        "d": ["....#", "....#", ".##.#", "#..##", "#...#", "#...#", ".####", "....."],
        "A": [".###.", "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "....."],
        "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####", "....."],
        "I": [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.", "....."],
        "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.", "....."],
        "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.", "....."],
        "Y": ["#...#", "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "....."],
        "D": ["###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###..", "....."],
    ]

    func glyph(_ letter: Character) -> [UInt8] { VietnameseGlyphs.bitmap(for: letter) ?? [] }

    /// Pixels that differ between two bitmaps.
    func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        zip(a, b).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount }
    }

    @Test func everyLetterHasEightRowsOfFivePixels() {
        #expect(Self.letters.count == 134)
        for letter in Self.letters {
            let bitmap = VietnameseGlyphs.bitmap(for: letter)
            #expect(bitmap?.count == 8, "\(letter)")
            #expect(bitmap?.allSatisfy { $0 <= 0x1F } == true, "\(letter)")
        }
    }

    @Test func onlyVietnameseLettersHaveAGlyph() {
        for other: Character in ["a", "A", "d", "z", " ", "?", "ñ", "ä", "é\u{20DD}", "€", "…", "1"] {
            #expect(VietnameseGlyphs.bitmap(for: other) == nil, "\(other)")
        }
        #expect(VietnameseGlyphs.bitmap(for: "a\u{0309}") == glyph("ả"), "decomposed input is the same letter")
    }

    @Test func glyphsArePairwiseDistinct() {
        var seen: [[UInt8]: Character] = [:]
        for letter in Self.letters {
            let bitmap = glyph(letter)
            #expect(seen[bitmap] == nil, "\(letter) looks like \(seen[bitmap].map(String.init) ?? "")")
            seen[bitmap] = letter
        }
        #expect(seen.count == 134)
    }

    /// Letters with a mark above differ from the ROM's letter by at least 2 pixels; the dot below is one.
    @Test func noGlyphLooksLikeAnASCIILetter() {
        let rom = Self.rom.mapValues { art in art.map { $0.reduce(UInt8(0)) { $0 << 1 | ($1 == "#" ? 1 : 0) } } }
        for (base, forms) in VietnameseFolding.letters {
            for letter in forms {
                let own = rom[base] ?? []
                let dotOnly = "ạẹịọụỵẠẸỊỌỤỴ".contains(letter)
                #expect(distance(glyph(letter), own) >= (dotOnly ? 1 : 2), "\(letter) against the ROM's \(base)")
                for (other, bitmap) in rom { #expect(glyph(letter) != bitmap, "\(letter) is the ROM's \(other)") }
            }
        }
    }

    /// á à ả ã (and the forms of every other vowel, both cases) differ by at least 2 pixels
    /// from each other and from the toneless letter; the dot below adds just the dot.
    @Test func theTonesOfOneVowelAreTellApart() {
        let vowels = ["aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
                      "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"]
        for family in vowels + vowels.map { $0.uppercased() } {
            let forms = Array(family)
            let above = forms.dropLast().filter { VietnameseGlyphs.bitmap(for: $0) != nil }
            #expect(above.count >= 4, "\(family)")
            for (index, first) in above.enumerated() {
                for second in above.dropFirst(index + 1) {
                    #expect(distance(glyph(first), glyph(second)) >= 2, "\(first) and \(second)")
                }
            }
            if let plain = VietnameseGlyphs.bitmap(for: forms[0]), let dotted = forms.last {
                #expect(glyph(dotted) == Array(plain.prefix(7)) + [0b00100], "\(dotted) is \(forms[0]) with a dot")
            }
        }
    }

    @Test func lettersSitOnTheROMBaselineWithTheDotBelowUnderIt() {
        for letter in Self.letters {
            let bitmap = glyph(letter)
            let dotBelow = "ạặậẹệịọộợụựỵ".contains(Character(String(letter).lowercased()))
            #expect(bitmap[6] != 0, "\(letter) reaches row 6, the ROM's baseline")
            #expect(bitmap[7] == (dotBelow ? 0b00100 : 0), "\(letter): row 7 only for the dot below")
        }
    }

    @Test func aToneLooksTheSameOnEveryPlainLetter() {
        // Rows 0-1 hold the tone alone on letters with no breve or circumflex.
        let tones: [(String, [String])] = [("àèìòùỳờừ", [".#...", "..#.."]), ("áéíóúýớứ", ["...#.", "..#.."]),
                                           ("ảẻỉỏủỷởử", ["..##.", "...#."]), ("ãẽĩõũỹỡữ", [".##.#", "#..#."])]
        for (letters, mark) in tones {
            for letter in letters {
                #expect(Array(VietnameseGlyphs.asciiArt(glyph(letter)).prefix(2)) == mark, "\(letter)")
            }
        }
    }

    @Test func glyphsLookAsDesigned() {
        func art(_ letter: Character) -> [String] { VietnameseGlyphs.asciiArt(glyph(letter)) }
        #expect(art("ả") == ["..##.", "...#.", ".###.", "....#", ".####", "#...#", ".####", "....."])
        #expect(art("ơ") == [".....", ".....", ".##.#", "#..#.", "#..#.", "#..#.", ".##..", "....."])
        #expect(art("ấ") == ["....#", ".#.#.", "#.#..", ".###.", "#..#.", "#..#.", ".####", "....."])
        #expect(art("ể") == ["...##", ".#..#", "#.#.#", ".###.", "#####", "#....", ".###.", "....."])
        #expect(art("ặ") == [".....", "#...#", ".###.", "....#", ".####", "#...#", ".####", "..#.."])
        #expect(art("đ") == ["....#", "..###", "....#", ".####", "#...#", "#...#", ".####", "....."])
        #expect(VietnameseGlyphs.asciiArt([0x1F, 0x00, 0x11]) == ["#####", ".....", "#...#"])
    }
}
