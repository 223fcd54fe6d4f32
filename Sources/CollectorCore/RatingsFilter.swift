import Foundation

/// Which ratings `GET /v1/ratings` returns, besides the cursor: every field set must match.
public struct RatingsFilter: Sendable, Equatable {
    public var site: String?
    public var counter: String?
    /// The clerk of the rated service (counter mode).
    public var staff: String?
    public var deviceID: String?
    /// Corrected time at or after this instant (ms since 1970).
    public var fromMillis: Int64?
    /// Corrected time before this instant (ms since 1970).
    public var untilMillis: Int64?

    public init(site: String? = nil, counter: String? = nil, staff: String? = nil, deviceID: String? = nil,
                fromMillis: Int64? = nil, untilMillis: Int64? = nil) {
        self.site = site
        self.counter = counter
        self.staff = staff
        self.deviceID = deviceID
        self.fromMillis = fromMillis
        self.untilMillis = untilMillis
    }

    /// No filter: every rating.
    public static let all = RatingsFilter()

    /// The filter of a request's query (`site`, `counter`, `staff`, `device`, `from`, `until`); throws
    /// ``RatingsFilterError`` naming the parameter and the form it needs.
    public init(query: (String) -> String?) throws(RatingsFilterError) {
        self.init(site: query("site"), counter: query("counter"), staff: query("staff"), deviceID: query("device"))
        fromMillis = try Self.instant(query("from"), name: "from")
        untilMillis = try Self.instant(query("until"), name: "until")
        if let from = fromMillis, let until = untilMillis, until <= from {
            throw RatingsFilterError("until must be after from: the period is from (inclusive) to until (exclusive)")
        }
    }

    /// An ISO 8601 date-time with a zone (`2026-11-23T08:00:00+07:00`, `2026-11-23T01:00:00.5Z`) as ms since 1970.
    static func instant(_ text: String?, name: String) throws(RatingsFilterError) -> Int64? {
        guard let text else { return nil }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw RatingsFilterError("\(name)=\(text) is not a date-time with a zone; write e.g. 2026-11-23T08:00:00+07:00 or 2026-11-23T01:00:00Z")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

/// A filter parameter that cannot be understood (400 with this reason).
public struct RatingsFilterError: Error, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
