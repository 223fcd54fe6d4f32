/// One amendment on the wire: a later change to the rating `rating_seq` of the same store.
///
/// `kind` is `reason` (value: a follow-up reason code such as `waiting_time`) or
/// `flag` (value: a flag name such as `burst`).
public struct WireAmendment: Codable, Hashable, Sendable {
    /// The amendment's own seq (per store, apart from the ratings' seq).
    public var seq: Int64
    /// The seq of the rating it changes.
    public var ratingSeq: Int64
    public var kind: String
    public var value: String
    /// When the change happened on the device.
    public var time: WireTime

    enum CodingKeys: String, CodingKey {
        case seq, ratingSeq = "rating_seq", kind, value, time
    }

    public init(seq: Int64, ratingSeq: Int64, kind: String, value: String, time: WireTime) {
        self.seq = seq
        self.ratingSeq = ratingSeq
        self.kind = kind
        self.value = value
        self.time = time
    }
}

/// A rating's service window on the wire (counter mode).
public struct WireWindow: Codable, Hashable, Sendable {
    /// The queue ticket number, if the queue system sent one.
    public var ticket: String?
    /// The clerk's id, if known.
    public var staff: String?
    /// When the service ended and the rating window opened.
    public var openedAt: WireTime

    enum CodingKeys: String, CodingKey { case ticket, staff, openedAt = "opened_at" }

    public init(ticket: String?, staff: String?, openedAt: WireTime) {
        self.ticket = ticket
        self.staff = staff
        self.openedAt = openedAt
    }
}

/// One service whose rating window closed without a counted press, on the wire.
public struct WireUnratedService: Codable, Hashable, Sendable {
    /// The record's own seq (per store).
    public var seq: Int64
    public var ticket: String?
    public var staff: String?
    public var openedAt: WireTime
    public var closedAt: WireTime

    enum CodingKeys: String, CodingKey { case seq, ticket, staff, openedAt = "opened_at", closedAt = "closed_at" }

    public init(seq: Int64, ticket: String?, staff: String?, openedAt: WireTime, closedAt: WireTime) {
        self.seq = seq
        self.ticket = ticket
        self.staff = staff
        self.openedAt = openedAt
        self.closedAt = closedAt
    }
}
