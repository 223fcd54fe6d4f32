import RatingCore

/// Turns frame rows into the plain ASCII that character displays without Vietnamese
/// letters in their character set can show (LCDd's text drivers, pole displays' code pages).
enum DisplayText {
    /// `row` folded to ASCII: one byte per column. Vietnamese letters lose their accents
    /// (the project's `VietnameseFolding`); anything else outside printable ASCII becomes `?`.
    static func ascii(_ row: [Character]) -> [UInt8] {
        row.map { character in
            let folded = VietnameseFolding.fold(String(character)).unicodeScalars
            guard folded.count == 1, let scalar = folded.first, (0x20...0x7E).contains(scalar.value) else {
                return UInt8(ascii: "?")
            }
            return UInt8(scalar.value)
        }
    }

    /// Every row of `frame` as ASCII bytes.
    static func asciiRows(_ frame: Frame) -> [[UInt8]] {
        frame.rows.map(ascii)
    }

    /// Flush by difference (as LCDproc's drivers do): the indices of the rows of `new` that
    /// differ from `old`; every row when nothing is known to be on the device (`old` is `nil`).
    static func changedRows(from old: [[UInt8]]?, to new: [[UInt8]]) -> [Int] {
        guard let old, old.count == new.count else { return Array(new.indices) }
        return new.indices.filter { old[$0] != new[$0] }
    }
}
