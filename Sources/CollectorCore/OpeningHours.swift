import Foundation

/// When a site is open, in its local time: weekday ranges with a daily time range each,
/// e.g. `Mon-Fri 07:30-17:00` or `Mon-Fri 07:30-17:00; Sat 07:30-11:30`, at a fixed UTC offset.
///
/// Pure: no clock, no calendar library (a fixed offset needs none; Vietnam has no daylight saving).
public struct OpeningHours: Sendable, Equatable, CustomStringConvertible {
    /// One rule: these weekdays, from `openMinute` to `closeMinute` (minutes after local midnight).
    public struct Span: Sendable, Equatable {
        /// ISO weekdays, 1 = Monday … 7 = Sunday.
        public var weekdays: Set<Int>
        public var openMinute: Int
        public var closeMinute: Int
    }

    public var spans: [Span]
    /// The sites' offset from UTC in minutes (Vietnam: +420).
    public var utcOffsetMinutes: Int

    /// Monday to Friday, 07:30 to 17:00, at UTC+07:00.
    public static let vietnamOffice = OpeningHours(spans: [Span(weekdays: Set(1...5), openMinute: 450, closeMinute: 1020)],
                                                    utcOffsetMinutes: 420)

    public init(spans: [Span], utcOffsetMinutes: Int) {
        self.spans = spans
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let dayMillis: Int64 = 86_400_000

    /// Parses `DAYS HH:MM-HH:MM[; DAYS HH:MM-HH:MM …]`; DAYS is a day (`Sat`) or a range (`Mon-Fri`, `Sat-Sun`).
    public init(parsing text: String, utcOffsetMinutes: Int) throws(OpeningHoursError) {
        var spans: [Span] = []
        for part in text.split(separator: ";") {
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2 else {
                throw OpeningHoursError("\"\(part.trimmingCharacters(in: .whitespaces))\" must be DAYS HH:MM-HH:MM, e.g. Mon-Fri 07:30-17:00")
            }
            let weekdays = try Self.weekdays(String(words[0]))
            let times = words[1].split(separator: "-")
            guard times.count == 2, let open = Self.minute(times[0]), let close = Self.minute(times[1]) else {
                throw OpeningHoursError("\"\(words[1])\" must be HH:MM-HH:MM with times from 00:00 to 24:00, e.g. 07:30-17:00")
            }
            guard open < close else { throw OpeningHoursError("\"\(words[1])\" closes before it opens; give the opening time first") }
            spans.append(Span(weekdays: weekdays, openMinute: open, closeMinute: close))
        }
        guard !spans.isEmpty else { throw OpeningHoursError("no opening hours given; use e.g. Mon-Fri 07:30-17:00") }
        self.init(spans: spans, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// Parses a UTC offset: `+07:00`, `+7`, `-03:30`, `UTC+07:00`, `Z`.
    public static func utcOffsetMinutes(parsing text: String) throws(OpeningHoursError) -> Int {
        var body = Substring(text.uppercased())
        if body.hasPrefix("UTC") { body = body.dropFirst(3) }
        if body == "Z" || body.isEmpty { return 0 }
        guard let sign = body.first, sign == "+" || sign == "-" else {
            throw OpeningHoursError("time zone offset \"\(text)\" must look like +07:00 or -03:30")
        }
        let parts = body.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let hours = Int(parts[0]), (0...14).contains(hours),
              let minutes = parts.count == 2 ? Int(parts[1]) : 0, (0..<60).contains(minutes) else {
            throw OpeningHoursError("time zone offset \"\(text)\" must look like +07:00 or -03:30 (hours 0 to 14)")
        }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    private static func weekdays(_ text: String) throws(OpeningHoursError) -> Set<Int> {
        let ends = text.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        let numbers = ends.compactMap { end in dayNames.firstIndex(of: String(end)).map { $0 + 1 } }
        guard (1...2).contains(ends.count), numbers.count == ends.count else {
            throw OpeningHoursError("\"\(text)\" must be a day or a range of days from Mon Tue Wed Thu Fri Sat Sun, e.g. Mon-Fri")
        }
        guard numbers.count == 1 || numbers[0] <= numbers[1] else {
            throw OpeningHoursError("\"\(text)\" runs backwards; write the earlier day first (Mon-Fri), or two spans")
        }
        return Set(numbers[0]...numbers[numbers.count - 1])
    }

    private static func minute(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 1440 else { return nil }
        return hours * 60 + minutes
    }

    /// Whether the sites are open at `millis` (ms since 1970, UTC).
    public func isOpen(atMillis millis: Int64) -> Bool {
        openMillis(from: millis, to: millis + 1) == 1
    }

    /// How many milliseconds of opening time lie in `[from, to)`.
    public func openMillis(from: Int64, to: Int64) -> Int64 {
        guard to > from else { return 0 }
        let offset = Int64(utcOffsetMinutes) * 60_000
        let localFrom = from + offset, localTo = to + offset
        var day = Self.floorDiv(localFrom, Self.dayMillis)
        var total: Int64 = 0
        while day * Self.dayMillis < localTo {
            // 1970-01-01 was a Thursday (ISO weekday 4).
            let weekday = Int(((day % 7) + 7 + 3) % 7) + 1
            let midnight = day * Self.dayMillis
            for span in spans where span.weekdays.contains(weekday) {
                let open = max(localFrom, midnight + Int64(span.openMinute) * 60_000)
                let close = min(localTo, midnight + Int64(span.closeMinute) * 60_000)
                if close > open { total += close - open }
            }
            day += 1
        }
        return total
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The canonical text form, e.g. `Mon-Fri 07:30-17:00 (UTC+07:00)`.
    public var description: String {
        let text = spans.map { span -> String in
            let days = span.weekdays.sorted()
            let first = Self.dayNames[days[0] - 1].capitalized, last = Self.dayNames[days[days.count - 1] - 1].capitalized
            return "\(days.count == 1 ? first : "\(first)-\(last)") \(Self.clock(span.openMinute))-\(Self.clock(span.closeMinute))"
        }.joined(separator: "; ")
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        return "\(text) (UTC\(sign)\(Self.clock(abs(utcOffsetMinutes))))"
    }

    private static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return "\(hours < 10 ? "0" : "")\(hours):\(rest < 10 ? "0" : "")\(rest)"
    }
}

/// Why an opening-hours or offset text was not accepted.
public struct OpeningHoursError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
