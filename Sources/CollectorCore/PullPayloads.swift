import Foundation
import RatingCore
import RatingWire

/// One rating in the pull API (`GET /v1/ratings`).
public struct PulledRating: Codable, Sendable, Equatable {
    public var cursor: String
    public var deviceID: String
    public var storeID: String
    public var seq: Int64
    public var id: String
    public var score: Int
    /// The rating's own flags and those added by amendments (e.g. `burst`), sorted.
    public var flags: [String]
    public var site: String
    public var counter: String
    /// The device's clocks at the press, as it sent them.
    public var time: WireTime
    /// When the press happened by the collector's reconstruction: ISO 8601 UTC with milliseconds.
    public var correctedTime: String
    /// How far `corrected_time` can be trusted: `synced`, `anchored` or `bounded` (see the README).
    public var timeQuality: String
    /// Counter mode: the queue ticket of the service rated, if known.
    public var ticket: String?
    /// Counter mode: the clerk who served, if known.
    public var staff: String?
    /// Counter mode: when the rating window opened (the service ended); absent when no window was open.
    public var windowOpenedAt: WireTime?
    /// The answer to the follow-up question (its latest reason amendment), e.g. `waiting_time`.
    public var reason: String?
    /// When the collector stored it: ISO 8601 UTC with milliseconds.
    public var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case cursor, deviceID = "device_id", storeID = "store_id", seq, id, score, flags, site, counter, time
        case correctedTime = "corrected_time", timeQuality = "time_quality"
        case ticket, staff, windowOpenedAt = "window_opened_at", reason
        case receivedAt = "received_at"
    }

    /// The pull form of a stored rating.
    public init(_ stored: StoredRating) {
        let rating = stored.rating
        cursor = String(stored.cursor)
        deviceID = rating.placement.deviceID
        storeID = rating.storeID
        seq = rating.seq
        id = rating.id
        score = rating.score.value
        flags = stored.allFlags.map(\.rawValue).sorted()
        site = rating.placement.site
        counter = rating.placement.counter
        time = WireTime(rating.time)
        correctedTime = ISOTime.string(millis: stored.correctedTime.wallMillis)
        timeQuality = stored.correctedTime.quality.rawValue
        ticket = rating.service?.ticket
        staff = rating.service?.staff
        windowOpenedAt = rating.service.map { WireTime($0.openedAt) }
        reason = stored.reason?.code
        receivedAt = ISOTime.string(millis: stored.receivedAtMillis)
    }
}

/// A page of `GET /v1/ratings`.
public struct RatingsPage: Codable, Sendable, Equatable {
    public var ratings: [PulledRating]
    /// The last cursor looked at (shown or left out), or the one asked for when nothing is new: ask `after` it next.
    public var nextCursor: String
    /// Default view only: ratings an amendment has just flagged; a reader that holds them should drop them.
    public var withdrawn: [WithdrawnRating]

    enum CodingKeys: String, CodingKey { case ratings, nextCursor = "next_cursor", withdrawn }

    public init(ratings: [PulledRating], nextCursor: String, withdrawn: [WithdrawnRating] = []) {
        self.ratings = ratings
        self.nextCursor = nextCursor
        self.withdrawn = withdrawn
    }
}

/// A page of `GET /v1/conflicts`.
public struct ConflictsPage: Codable, Sendable, Equatable {
    public var conflicts: [PulledConflict]
    /// The last returned cursor, or the one asked for when nothing is new: ask `after` it next.
    public var nextCursor: String

    enum CodingKeys: String, CodingKey { case conflicts, nextCursor = "next_cursor" }

    public init(conflicts: [PulledConflict], nextCursor: String) {
        self.conflicts = conflicts
        self.nextCursor = nextCursor
    }
}

/// One set-aside record in `GET /v1/conflicts`.
public struct PulledConflict: Codable, Sendable, Equatable {
    public var cursor: String
    public var deviceID: String
    public var storeID: String
    public var seq: Int64
    public var ratingID: String
    public var reason: String
    /// `rating`, `amendment`, `unrated_service` or `device_event` (each kind has its own seq).
    public var kind: String
    /// A rating exactly as received (ratings only).
    public var received: WireRating?
    /// The record exactly as received, as JSON text (every kind).
    public var receivedJSON: String
    public var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case cursor, deviceID = "device_id", storeID = "store_id", seq, ratingID = "rating_id", reason, kind, received
        case receivedJSON = "received_json", receivedAt = "received_at"
    }

    /// The pull form of a set-aside record.
    public init(_ record: SetAsideRecord) {
        cursor = String(record.id)
        deviceID = record.deviceID
        storeID = record.storeID
        seq = record.seq
        ratingID = record.ratingID
        reason = record.reason
        kind = record.kind
        received = record.received
        receivedJSON = record.receivedJSON
        receivedAt = ISOTime.string(millis: record.receivedAtMillis)
    }
}

/// ISO 8601 UTC timestamps with milliseconds.
enum ISOTime {
    static func string(millis: Int64) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000)
            .formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
