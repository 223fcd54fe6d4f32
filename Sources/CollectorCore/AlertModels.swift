import RatingWire

/// What an alert is about.
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    /// Too many low scores at one counter in a short window (``BadRatingsRule``).
    case badRatings = "bad_ratings"
    /// A terminal that has not uploaded during opening hours (``SilentTerminalRule``).
    case silentTerminal = "silent_terminal"
    /// A missing rating seq of a store that does not arrive (``SeqGapRule``).
    case seqGap = "seq_gap"
}

/// Whom an alert is about: a counter (site and counter), a device, or a device's store.
public struct AlertSubject: Sendable, Equatable, Codable {
    public var site: String?
    public var counter: String?
    public var deviceID: String?
    public var storeID: String?

    enum CodingKeys: String, CodingKey { case site, counter, deviceID = "device_id", storeID = "store_id" }

    public init(site: String? = nil, counter: String? = nil, deviceID: String? = nil, storeID: String? = nil) {
        self.site = site
        self.counter = counter
        self.deviceID = deviceID
        self.storeID = storeID
    }
}

/// What the rule saw, kept with the alert (stored as JSON; times are ISO 8601 UTC).
public struct AlertDetail: Sendable, Equatable, Codable {
    /// bad_ratings: the alerting window's first and last rating time, its ratings and low ratings.
    public var windowStart: String?
    public var windowEnd: String?
    public var ratings: Int?
    public var lowRatings: Int?
    /// silent_terminal: the device's last upload.
    public var lastUploadAt: String?
    /// seq_gap: the missing seqs and when the first rating above them was stored.
    public var missingFromSeq: Int64?
    public var missingThroughSeq: Int64?
    public var gapSeenAt: String?

    enum CodingKeys: String, CodingKey {
        case windowStart = "window_start", windowEnd = "window_end", ratings, lowRatings = "low_ratings"
        case lastUploadAt = "last_upload_at", missingFromSeq = "missing_from_seq", missingThroughSeq = "missing_through_seq"
        case gapSeenAt = "gap_seen_at"
    }

    public init(windowStart: String? = nil, windowEnd: String? = nil, ratings: Int? = nil, lowRatings: Int? = nil,
                lastUploadAt: String? = nil, missingFromSeq: Int64? = nil, missingThroughSeq: Int64? = nil, gapSeenAt: String? = nil) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.ratings = ratings
        self.lowRatings = lowRatings
        self.lastUploadAt = lastUploadAt
        self.missingFromSeq = missingFromSeq
        self.missingThroughSeq = missingThroughSeq
        self.gapSeenAt = gapSeenAt
    }

    /// The stored form: compact JSON, keys sorted.
    func json() throws(CollectorStorageError) -> String {
        do {
            return String(decoding: try WireCoding.encode(self), as: UTF8.self)
        } catch {
            throw .failed(operation: "raise alert", detail: "cannot encode the alert detail: \(error)")
        }
    }

    /// Reads the stored form; a row edited by hand into something else reads as empty.
    static func parse(_ json: String) -> AlertDetail {
        (try? WireCoding.decode(AlertDetail.self, from: Array(json.utf8))) ?? AlertDetail()
    }
}

/// An alert a rule decided to raise, before the database gives it an id.
public struct NewAlert: Sendable, Equatable {
    public var kind: AlertKind
    public var subject: AlertSubject
    /// Unique per episode (kind, subject and episode start), so two instances that decide at once store one alert.
    public var dedupeKey: String
    /// The episode's start: bad_ratings the window's end, silent_terminal the last upload, seq_gap when the gap was seen.
    public var episodeMillis: Int64
    /// seq_gap: the first missing seq (the alert resolves once the store's acknowledged-through reaches it).
    public var missingSeq: Int64?
    public var detail: AlertDetail

    public init(kind: AlertKind, subject: AlertSubject, episodeMillis: Int64, missingSeq: Int64? = nil, detail: AlertDetail) {
        self.kind = kind
        self.subject = subject
        self.episodeMillis = episodeMillis
        self.missingSeq = missingSeq
        self.detail = detail
        // JSON array text: no separator that a site or counter name could contain can confuse two keys.
        // A gap is one episode per missing seq, however its start is measured.
        let episode = missingSeq.map { "seq \($0)" } ?? String(episodeMillis)
        let parts: [String] = [kind.rawValue, subject.site ?? "", subject.counter ?? "", subject.deviceID ?? "", subject.storeID ?? "", episode]
        dedupeKey = (try? WireCoding.encode(parts)).map { String(decoding: $0, as: UTF8.self) } ?? parts.joined(separator: "\u{1F}")
    }
}

/// A stored alert.
public struct Alert: Sendable, Equatable {
    public var id: Int64
    public var kind: AlertKind
    public var subject: AlertSubject
    public var openedAtMillis: Int64
    public var detail: AlertDetail
    public var acknowledgedAtMillis: Int64?
    public var acknowledgedBy: String?
    public var acknowledgeNote: String?
    /// When the condition ended (silent_terminal: the device uploaded; seq_gap: the seq arrived); bad_ratings never resolves.
    public var resolvedAtMillis: Int64?
    /// Its webhook delivery, if one was queued.
    public var delivery: AlertDeliveryState?

    public init(id: Int64, kind: AlertKind, subject: AlertSubject, openedAtMillis: Int64, detail: AlertDetail,
                acknowledgedAtMillis: Int64? = nil, acknowledgedBy: String? = nil, acknowledgeNote: String? = nil,
                resolvedAtMillis: Int64? = nil, delivery: AlertDeliveryState? = nil) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.openedAtMillis = openedAtMillis
        self.detail = detail
        self.acknowledgedAtMillis = acknowledgedAtMillis
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgeNote = acknowledgeNote
        self.resolvedAtMillis = resolvedAtMillis
        self.delivery = delivery
    }

    /// Neither acknowledged nor resolved.
    public var isOpen: Bool { acknowledgedAtMillis == nil && resolvedAtMillis == nil }
}

/// Where an alert's webhook delivery stands.
public struct AlertDeliveryState: Sendable, Equatable {
    public var attempts: Int
    public var nextAttemptAtMillis: Int64
    public var deliveredAtMillis: Int64?
    /// Why the last attempt failed (kept until one succeeds).
    public var lastError: String?

    public init(attempts: Int, nextAttemptAtMillis: Int64, deliveredAtMillis: Int64?, lastError: String?) {
        self.attempts = attempts
        self.nextAttemptAtMillis = nextAttemptAtMillis
        self.deliveredAtMillis = deliveredAtMillis
        self.lastError = lastError
    }
}

/// A webhook delivery claimed by one collector instance.
public struct AlertDelivery: Sendable, Equatable {
    public var alert: Alert
    /// Attempts so far, this one included.
    public var attempt: Int
}

/// Which alerts to list.
public enum AlertFilter: Sendable, Equatable {
    case all
    /// Neither acknowledged nor resolved.
    case open
    /// Acknowledged or resolved.
    case closed
}
