/// Calendar arithmetic in the office's time zone on day numbers (local days since 1970-01-01).
///
/// Days, ISO weeks (Monday first) and weekdays all derive from one integer per local day, which
/// the storage computes in SQL as `(event_ms + offset_ms) / 86_400_000`.
public struct LocalCalendar: Sendable, Equatable {
    public static let dayMillis: Int64 = 86_400_000
    public static let hourMillis: Int64 = 3_600_000

    public var offset: TimeZoneOffset

    public init(offset: TimeZoneOffset) {
        self.offset = offset
    }

    /// The local day of an instant (floor division, so instants before 1970 work too).
    public func day(ofMillis millis: Int64) -> Int64 {
        Self.floorDivide(millis + offset.millis, Self.dayMillis)
    }

    /// The local hour 0…23 of an instant.
    public func hour(ofMillis millis: Int64) -> Int {
        let local = millis + offset.millis
        return Int((local - Self.floorDivide(local, Self.dayMillis) * Self.dayMillis) / Self.hourMillis)
    }

    /// The UTC instant at which local `day` starts.
    public func startMillis(ofDay day: Int64) -> Int64 {
        day * Self.dayMillis - offset.millis
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01, day 0, was a Thursday).
    public static func weekday(ofDay day: Int64) -> Int {
        Int(((day + 3) % 7 + 7) % 7)
    }

    /// The Monday that starts the ISO week of `day`.
    public static func weekStart(ofDay day: Int64) -> Int64 {
        day - Int64(weekday(ofDay: day))
    }

    /// The ISO 8601 week-numbering year and week of `day` (the week's Thursday decides the year).
    public static func isoWeek(ofDay day: Int64) -> (year: Int, week: Int) {
        let thursday = weekStart(ofDay: day) + 3
        let year = civilDate(ofDay: thursday).year
        let januaryFirst = dayNumber(year: year, month: 1, day: 1)
        return (year, Int((thursday - januaryFirst) / 7) + 1)
    }

    /// The proleptic Gregorian date of a day number (H. Hinnant's `civil_from_days`).
    public static func civilDate(ofDay day: Int64) -> (year: Int, month: Int, day: Int) {
        let z = day + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(dayOfMonth))
    }

    /// The day number of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `2026-11-23`.
    public static func isoDate(ofDay day: Int64) -> String {
        let date = civilDate(ofDay: day)
        return "\(date.year)-\(twoDigits(date.month))-\(twoDigits(date.day))"
    }

    /// `23/11` (the Vietnamese day/month order), for chart axes.
    public static func shortDate(ofDay day: Int64) -> String {
        let date = civilDate(ofDay: day)
        return "\(twoDigits(date.day))/\(twoDigits(date.month))"
    }

    /// `a / b` rounded towards minus infinity.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
