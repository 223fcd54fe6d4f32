import Foundation
import RatingCore
import Testing

/// Folding over every Vietnamese letter, with Foundation's Unicode normalisation as the independent oracle.
struct VietnameseFoldingTests {
    /// The 12 Vietnamese vowels as base letter + shape mark (breve, circumflex, horn), decomposed.
    static let vowels: [(base: String, shaped: String)] = [
        ("a", "a"), ("a", "a\u{0306}"), ("a", "a\u{0302}"), ("e", "e"), ("e", "e\u{0302}"), ("i", "i"),
        ("o", "o"), ("o", "o\u{0302}"), ("o", "o\u{031B}"), ("u", "u"), ("u", "u\u{031B}"), ("y", "y"),
    ]
    /// No tone, grave, acute, hook above, tilde, dot below.
    static let tones = ["", "\u{0300}", "\u{0301}", "\u{0309}", "\u{0303}", "\u{0323}"]

    @Test func everyVowelWithEveryToneInBothCasesFoldsToItsBase() {
        var checked = 0
        for (base, shaped) in Self.vowels {
            for tone in Self.tones {
                for upper in [false, true] {
                    let decomposed = upper ? (shaped + tone).uppercased() : shaped + tone
                    let composed = decomposed.precomposedStringWithCanonicalMapping
                    let expected = upper ? base.uppercased() : base
                    #expect(composed.unicodeScalars.count == 1, "\(composed) should be one precomposed letter")
                    #expect(VietnameseFolding.fold(composed) == expected, "NFC \(composed)")
                    #expect(VietnameseFolding.fold(decomposed) == expected, "NFD \(composed)")
                    checked += 1
                }
            }
        }
        #expect(checked == 12 * 6 * 2)
    }

    @Test func dWithStrokeFoldsInBothCases() {
        #expect(VietnameseFolding.fold("đ") == "d")
        #expect(VietnameseFolding.fold("Đ") == "D")
        #expect(VietnameseFolding.fold("Điện lực Ba Đình") == "Dien luc Ba Dinh")
    }

    @Test func thePromptsFold() {
        #expect(VietnameseFolding.fold("Cảm ơn quý khách!") == "Cam on quy khach!")
        #expect(VietnameseFolding.fold("Mời quý khách đánh giá") == "Moi quy khach danh gia")
        #expect(VietnameseFolding.fold("Rất không hài lòng") == "Rat khong hai long")
    }

    @Test func asciiAndOtherTextIsUntouched() {
        let ascii = String((32...126).map { Character(Unicode.Scalar(UInt8($0))) })
        #expect(VietnameseFolding.fold(ascii) == ascii)
        #expect(VietnameseFolding.fold("ß€") == "ß€")
    }
}
