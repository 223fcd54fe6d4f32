/// Where a rating was given, as configured at the time of the press.
public struct Placement: Hashable, Sendable, Codable {
    /// The terminal's unique id from its config file.
    public var deviceID: String
    /// The site (office) name.
    public var site: String
    /// The counter within the site.
    public var counter: String

    public init(deviceID: String, site: String, counter: String) {
        self.deviceID = deviceID
        self.site = site
        self.counter = counter
    }
}

/// A press as the session decided to keep it, before the store gives it a number.
public struct RatingDraft: Hashable, Sendable {
    public var score: Score
    public var flags: Set<RatingFlag>
    public var time: DeviceTime
    /// Counter mode: the rating window the press fell in (ticket, staff, opening time), if one was open.
    public var service: ServiceRecord?

    public init(score: Score, flags: Set<RatingFlag>, time: DeviceTime, service: ServiceRecord? = nil) {
        self.score = score
        self.flags = flags
        self.time = time
        self.service = service
    }
}

/// A rating as kept durably by a terminal's store.
///
/// Identified by `(deviceID, storeID, seq)`; `id` is the rating's own random id.
public struct Rating: Hashable, Sendable {
    /// The store's random id (a new SD card or wiped store gets a new one).
    public var storeID: String
    /// Increases by one for every rating the store keeps; never reused.
    public var seq: Int64
    /// The rating's own random id.
    public var id: String
    public var score: Score
    public var flags: Set<RatingFlag>
    public var placement: Placement
    public var time: DeviceTime
    /// Counter mode: the rating window the press fell in, if one was open. Set when stored, never changed.
    public var service: ServiceRecord?

    public init(storeID: String, seq: Int64, id: String, score: Score, flags: Set<RatingFlag>, placement: Placement, time: DeviceTime,
                service: ServiceRecord? = nil) {
        self.storeID = storeID
        self.seq = seq
        self.id = id
        self.score = score
        self.flags = flags
        self.placement = placement
        self.time = time
        self.service = service
    }
}
