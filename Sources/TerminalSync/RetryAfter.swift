/// The `Retry-After` header (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// Longest wait honoured: a collector asking for more is treated as asking for an hour.
    public static let longest: Duration = .seconds(longestSeconds)
    private static let longestSeconds: Int64 = 3_600

    /// The delay in a `Retry-After` value given as delta-seconds ("5"): one or more
    /// ASCII digits, surrounding blanks allowed; values past `longest` give `longest`.
    ///
    /// The HTTP-date form is not sent by the collector and would need a wall clock
    /// the terminal may not have yet (no battery clock, NTP not synced); it yields
    /// `nil`, and the caller's backoff applies instead.
    public static func parse(_ value: String?) -> Duration? {
        guard let value else { return nil }
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let bytes = Array(value.utf8)
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else { return nil }
        let digits = bytes[first...last]
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        var seconds: Int64 = 0
        for digit in digits {
            seconds = seconds * 10 + Int64(digit - UInt8(ascii: "0"))
            if seconds >= longestSeconds { return longest } // stops long before Int64 could overflow
        }
        return .seconds(seconds)
    }
}
