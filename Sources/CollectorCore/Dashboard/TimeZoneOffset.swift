import Foundation

/// The office's fixed offset from UTC, e.g. +07:00 for Vietnam (no daylight saving there).
///
/// A fixed offset rather than a tz database name: the dashboard buckets in SQL on both
/// backends with the same arithmetic (add the offset, then divide), which a rule-based zone
/// would make backend-specific.
public struct TimeZoneOffset: Sendable, Equatable, CustomStringConvertible {
    /// Minutes east of UTC, −14:00…+14:00.
    public var minutes: Int

    /// Vietnam, Indochina Time.
    public static let vietnam = TimeZoneOffset(validMinutes: 7 * 60)

    private init(validMinutes: Int) { minutes = validMinutes }

    /// An offset of `minutes` east of UTC; `nil` outside −14:00…+14:00.
    public init?(minutes: Int) {
        guard (-14 * 60...14 * 60).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Parses `+07:00`, `-03:30`, `+7`, `+0530`, `Z` or `UTC`; `nil` for anything else.
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text == "Z" || text.uppercased() == "UTC" {
            self.init(minutes: 0)
            return
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().replacingOccurrences(of: ":", with: "")
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
        let hours = digits.count <= 2 ? value : value / 100
        let minutes = digits.count <= 2 ? 0 : value % 100
        // "+7:30" and "+0730" are the same; "+730" (3 digits) reads as 7:30 too.
        guard minutes < 60, text.filter({ $0 == ":" }).count <= 1 else { return nil }
        self.init(minutes: (sign == "-" ? -1 : 1) * (hours * 60 + minutes))
    }

    /// Milliseconds east of UTC.
    public var millis: Int64 { Int64(minutes) * 60_000 }

    /// `+07:00` form.
    public var description: String {
        let sign = minutes < 0 ? "-" : "+"
        let absolute = abs(minutes)
        return sign + twoDigits(absolute / 60) + ":" + twoDigits(absolute % 60)
    }
}

/// `n` with a leading zero below 10.
func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
