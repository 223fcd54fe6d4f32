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
    public var flags: [String]
    public var site: String
    public var counter: String
    public var time: WireTime
    /// When the collector stored it: ISO 8601 UTC with milliseconds.
    public var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case cursor, deviceID = "device_id", storeID = "store_id", seq, id, score, flags, site, counter, time
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
        flags = rating.flags.map(\.rawValue).sorted()
        site = rating.placement.site
        counter = rating.placement.counter
        time = WireTime(rating.time)
        receivedAt = ISOTime.string(millis: stored.receivedAtMillis)
    }
}

/// A page of `GET /v1/ratings`.
public struct RatingsPage: Codable, Sendable, Equatable {
    public var ratings: [PulledRating]
    /// The last returned cursor, or the one asked for when nothing is new: ask `after` it next.
    public var nextCursor: String

    enum CodingKeys: String, CodingKey { case ratings, nextCursor = "next_cursor" }

    public init(ratings: [PulledRating], nextCursor: String) {
        self.ratings = ratings
        self.nextCursor = nextCursor
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
    /// The record exactly as received.
    public var received: WireRating?
    public var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case cursor, deviceID = "device_id", storeID = "store_id", seq, ratingID = "rating_id", reason, received
        case receivedAt = "received_at"
    }

    /// The pull form of a set-aside record.
    public init(_ record: SetAsideRecord) {
        cursor = String(record.id)
        deviceID = record.deviceID
        storeID = record.storeID
        seq = record.seq
        ratingID = record.ratingID
        reason = record.reason
        received = record.received
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
