import RatingWire

/// What the dashboard asks the storage for: one period of event time, optionally one site or counter.
public struct DashboardQuery: Sendable, Equatable {
    /// Start of the period, inclusive, ms since 1970 (event time, see ``EventTimeSQL``).
    public var fromMillis: Int64
    /// End of the period, exclusive.
    public var toMillis: Int64
    /// The office's offset: local days and hours are computed with it.
    public var offset: TimeZoneOffset
    /// Only this site, if set.
    public var site: String?
    /// Only this counter (of ``site``), if set.
    public var counter: String?

    public init(fromMillis: Int64, toMillis: Int64, offset: TimeZoneOffset, site: String? = nil, counter: String? = nil) {
        self.fromMillis = fromMillis
        self.toMillis = toMillis
        self.offset = offset
        self.site = site
        self.counter = counter
    }
}

/// The grouped counts the dashboard is drawn from, counted by the database (GROUP BY), so their size
/// grows with counters, days and devices, never with ratings. Unflagged ratings only, except ``flagged``.
public struct DashboardCounts: Sendable, Equatable {
    /// Per site, counter and score.
    public var counters: [CounterScoreCount]
    /// Per local day, local hour and score.
    public var hours: [HourScoreCount]
    /// Per site, counter and latest follow-up reason.
    public var reasons: [ReasonCount]
    /// Ratings in the period left out because they carry a flag (their own or amended).
    public var flagged: Int
    /// Unrated services (windows closed without a counted press) per device, in the period.
    public var unratedServices: [DeviceCount]
    /// Every registered device with its last upload (not limited to the period or the site).
    public var devices: [DeviceHealthRecord]

    public init(counters: [CounterScoreCount] = [], hours: [HourScoreCount] = [], reasons: [ReasonCount] = [], flagged: Int = 0,
                unratedServices: [DeviceCount] = [], devices: [DeviceHealthRecord] = []) {
        self.counters = counters
        self.hours = hours
        self.reasons = reasons
        self.flagged = flagged
        self.unratedServices = unratedServices
        self.devices = devices
    }
}

/// Ratings of one score at one counter.
public struct CounterScoreCount: Sendable, Equatable {
    public var site: String
    public var counter: String
    public var score: Int
    public var count: Int
    /// How many of them were given in a rating window (counter mode: a served customer).
    public var windowed: Int

    public init(site: String, counter: String, score: Int, count: Int, windowed: Int) {
        self.site = site
        self.counter = counter
        self.score = score
        self.count = count
        self.windowed = windowed
    }
}

/// Ratings of one score in one local hour of one local day.
public struct HourScoreCount: Sendable, Equatable {
    /// Local days since 1970-01-01 (see ``LocalCalendar``).
    public var day: Int64
    /// Local hour, 0…23.
    public var hour: Int
    public var score: Int
    public var count: Int

    public init(day: Int64, hour: Int, score: Int, count: Int) {
        self.day = day
        self.hour = hour
        self.score = score
        self.count = count
    }
}

/// Ratings whose latest follow-up answer is one reason, at one counter.
public struct ReasonCount: Sendable, Equatable {
    public var site: String
    public var counter: String
    /// The reason's code (`waiting_time`, …).
    public var reason: String
    public var count: Int

    public init(site: String, counter: String, reason: String, count: Int) {
        self.site = site
        self.counter = counter
        self.reason = reason
        self.count = count
    }
}

/// A count per device.
public struct DeviceCount: Sendable, Equatable {
    public var deviceID: String
    public var count: Int

    public init(deviceID: String, count: Int) {
        self.deviceID = deviceID
        self.count = count
    }
}

/// A registered device's last upload, and where its most recently stored rating says it stands.
public struct DeviceHealthRecord: Sendable, Equatable {
    public var id: String
    public var retired: Bool
    /// When its last batch was stored (collector clock); `nil` if it never uploaded.
    public var lastUploadMillis: Int64?
    /// Its queue depth as it reported with its last batch (the backlog it still had to send).
    public var queueDepth: Int?
    /// Whether its wall clock was synchronised when it sent its last batch; `nil` if unknown.
    public var clockSynced: Bool?
    /// Site and counter of its most recently stored rating; `nil` if it has none.
    public var site: String?
    public var counter: String?

    public init(id: String, retired: Bool = false, lastUploadMillis: Int64? = nil, queueDepth: Int? = nil, clockSynced: Bool? = nil,
                site: String? = nil, counter: String? = nil) {
        self.id = id
        self.retired = retired
        self.lastUploadMillis = lastUploadMillis
        self.queueDepth = queueDepth
        self.clockSynced = clockSynced
        self.site = site
        self.counter = counter
    }
}

extension DeviceHealthRecord {
    /// The `synced` of a stored `last_sent_at` (the wire form of the device's clocks); `nil` if absent or unreadable.
    static func clockSynced(sentAtJSON: String?) -> Bool? {
        guard let sentAtJSON else { return nil }
        return (try? WireCoding.decode(WireTime.self, from: Array(sentAtJSON.utf8)))?.synced
    }
}
