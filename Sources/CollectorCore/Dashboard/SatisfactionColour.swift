/// The colour of a CSAT on the dashboard: red (0 %) through yellow (50 %) to green (100 %).
enum SatisfactionColour {
    static let red = (215.0, 48.0, 39.0)
    static let yellow = (254.0, 224.0, 139.0)
    static let green = (26.0, 152.0, 80.0)
    /// Cells and bars with too few ratings.
    static let tooFew = "#e4e4e4"
    /// Cells without ratings.
    static let empty = "#fafafa"

    /// `#rrggbb` for a share 0…1 (clamped).
    static func hex(_ share: Double) -> String {
        let share = min(1, max(0, share))
        let (from, to, t) = share < 0.5 ? (red, yellow, share * 2) : (yellow, green, (share - 0.5) * 2)
        let channels = [from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t, from.2 + (to.2 - from.2) * t]
        let digits = Array("0123456789abcdef")
        return "#" + channels.map { value -> String in
            let byte = Int(value.rounded())
            return String(digits[byte >> 4]) + String(digits[byte & 0xF])
        }.joined()
    }
}
