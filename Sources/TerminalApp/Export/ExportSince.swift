import Foundation

/// The `--since` argument of `rating-terminal export`.
public enum ExportSince {
    /// Milliseconds since 1970 for `YYYY-MM-DD` (midnight in `timeZone`, the terminal's own) or a full
    /// ISO 8601 time with its offset (`2026-11-01T08:00:00+07:00`); throws a message that shows both forms.
    public static func parse(_ text: String, timeZone: TimeZone = .current) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = day(trimmed, timeZone: timeZone) ?? ISO8601DateFormatter().date(from: trimmed) {
            return Int64((date.timeIntervalSince1970 * 1000).rounded())
        }
        throw ExportSinceError(text: text)
    }

    private static func day(_ text: String, timeZone: TimeZone) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: year, month: month, day: day)
        // Calendar rolls 2026-02-31 over to March; a date that does not exist is refused instead.
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day) else { return nil }
        return date
    }
}

/// A `--since` value that is not a date.
public struct ExportSinceError: Error, CustomStringConvertible {
    public var text: String
    public var description: String {
        "--since \(text) is not a date: write YYYY-MM-DD (from midnight, terminal time) or a time with its offset, e.g. 2026-11-01T08:00:00+07:00"
    }
}
